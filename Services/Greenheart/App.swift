import ArgumentParser

/// `greenheart`: the operator's command-line tool.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenheart",
        abstract:
            "Operate Greenheart: watch the bus, make its keys, decode HJ 212, simulate stations, compute indices, measure, and play the demo.",
        subcommands: [
            BusCommand.self, KeysCommand.self, HJ212Command.self, SimulateCommand.self, AQICommand.self,
            WaterClassCommand.self, BenchCommand.self,
            SinkCommand.self, DemoCommand.self,
        ])
}
