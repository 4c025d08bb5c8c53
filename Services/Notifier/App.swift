import ServiceKit

/// The `notifier` service: read configuration, build, run until SIGTERM or SIGINT.
@main
struct App {
    /// Reads configuration, builds the application and runs it.
    static func main() async throws {
        let bootstrap = try await ProcessBootstrap.start(.notifier)
        let notifier = try NotifierSettings(reader: try await ServiceConfigReader.make())
        let application = try buildApplication(
            settings: bootstrap.settings, notifier: notifier, logger: bootstrap.logger, registry: bootstrap.registry)
        try await application.runService()
    }
}
