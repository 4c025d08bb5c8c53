import ArgumentParser

/// `greenheart`: the operator's command-line tool.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenheart",
        abstract: "Operate Greenheart: watch the bus, probe it, make its keys, and measure it.",
        subcommands: [BusCommand.self, KeysCommand.self, BenchCommand.self])
}
