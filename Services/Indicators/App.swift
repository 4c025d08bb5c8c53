import ServiceKit

/// The `indicators` service: read configuration, build, run until SIGTERM or SIGINT.
@main
struct App {
    static func main() async throws {
        let bootstrap = try await ProcessBootstrap.start(.indicators)
        let application = try buildApplication(
            settings: bootstrap.settings, logger: bootstrap.logger, registry: bootstrap.registry)
        try await application.runService()
    }
}
