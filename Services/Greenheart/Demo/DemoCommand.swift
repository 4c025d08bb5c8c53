import ArgumentParser
import Domain
import Foundation
import Synchronization

/// `greenheart demo`: plays a scripted scenario against running services, through their public HTTP
/// APIs and the HJ 212 port, and checks every step by polling the APIs and the sink's files.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play the demo scenario against running services and check each step.",
        discussion: """
            The clock is compressed through the data's own timestamps: two days of hourly HJ 212 uploads (the day \
            before yesterday, clean; yesterday, a PM2.5 episode; today up to the last full hour) are sent in seconds, \
            then a drinking-water source's last three hours exceed GB 3838 class III, and a hazardous-waste manifest \
            is drafted with its disposal deadline a few seconds after pick-up, so the manifests service's own scan \
            finds it overdue. Each step is checked through the services' APIs; notifications are checked in the \
            sink's mailbox and webhook log (`greenheart sink`). Exits 1 naming the step that failed. \
            `Deploy/local/demo.sh` (`make demo`) starts everything this needs and stops it afterwards.
            """)

    @Option(help: "Host of the services.")
    var host = "127.0.0.1"

    @Option(name: .customLong("http-base"), help: "Service i (ingest=1 … notifier=5) answers HTTP on http-base+i.")
    var httpBase = 8080

    @Option(name: .customLong("hj212-port"), help: "Ingest's HJ 212 port.")
    var hj212Port = 9212

    @Option(help: "Bearer token with the admin role.")
    var token = "dev-bureau"

    @Option(help: "The sink's mbox file, where e-mail notifications land.")
    var mailbox = "data/demo/sink/mailbox.mbox"

    @Option(name: .customLong("webhook-log"), help: "The sink's webhook log (JSON lines).")
    var webhookLog = "data/demo/sink/webhooks.jsonl"

    @Option(help: "Seconds each check may wait for the services.")
    var timeout: Double = 60

    @Option(
        name: .customLong("day-seconds"),
        help: "Wall-clock seconds per simulated day of uploads (0: as fast as ingest answers).")
    var daySeconds: Double = 10

    func run() async throws {
        let scenario = DemoScenario(
            host: host, httpBase: httpBase, hj212Port: hj212Port, token: token, mailbox: mailbox,
            webhookLog: webhookLog,
            timeout: .milliseconds(Int64(timeout * 1000)), daySeconds: max(0, daySeconds))
        do {
            try await scenario.play()
        } catch let failure as DemoFailure {
            Console.line("demo FAILED: \(failure)")
            throw ExitCode(1)
        }
    }
}
