import ServiceKit

/// The `emergency` service: read configuration, build, run until SIGTERM or SIGINT.
@main
struct App {
    /// Reads configuration, builds the application and runs it.
    static func main() async throws {
        let bootstrap = try await ProcessBootstrap.start(.emergency)
        let reader = try await ServiceConfigReader.make()
        let application = try buildApplication(
            settings: bootstrap.settings, emergency: EmergencySettings(reader: reader),
            ackLinks: AckLinkSettings(reader: reader), logger: bootstrap.logger, registry: bootstrap.registry)
        try await application.runService()
    }
}
