import ArgumentParser

/// `greenheart bus …`: look at and probe the event bus.
struct BusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus",
        abstract: "Watch and probe the event bus.",
        subcommands: [TailCommand.self, ProbePublishCommand.self, ProbeApplyCommand.self])
}
