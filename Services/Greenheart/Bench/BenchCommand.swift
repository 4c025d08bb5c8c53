import ArgumentParser

/// `greenheart bench …`: measurements, printed for people (run them on a release build).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and latency (use a release build).",
        subcommands: [BusBenchCommand.self, HJ212BenchCommand.self, SQLiteBenchCommand.self, ZeroMQBenchCommand.self])
}
