import ServiceKit

/// The `ingest` service: read configuration, build, run until SIGTERM or SIGINT.
@main
struct App {
    static func main() async throws {
        let bootstrap = try await ProcessBootstrap.start(.ingest)
        let hj212 = HJ212ServerConfiguration(reader: try await ServiceConfigReader.make())
        let application = try buildApplication(
            settings: bootstrap.settings, hj212: hj212, logger: bootstrap.logger, registry: bootstrap.registry)
        try await application.runService()
    }
}
