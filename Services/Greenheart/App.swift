import ArgumentParser

/// `greenheart`: the operator's command-line tool.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenheart",
        abstract: "Operate Greenheart: watch the bus, decode HJ 212, simulate stations, and measure.",
        subcommands: [
            BusCommand.self, HJ212Command.self, SimulateCommand.self, BenchCommand.self, AQICommand.self,
            WaterClassCommand.self,
        ])
}
