import ServiceKit

/// The `manifests` service: read configuration, build, run until SIGTERM or SIGINT.
@main
struct App {
    /// Reads configuration, builds the application and runs it.
    static func main() async throws {
        let bootstrap = try await ProcessBootstrap.start(.manifests)
        let manifests = ManifestsSettings(reader: try await ServiceConfigReader.make())
        let application = try buildApplication(
            settings: bootstrap.settings, manifests: manifests, logger: bootstrap.logger, registry: bootstrap.registry)
        try await application.runService()
    }
}
