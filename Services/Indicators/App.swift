import ServiceKit

/// The `indicators` service: read configuration, build, run until SIGTERM or SIGINT.
@main
struct App {
    /// Reads configuration, builds the application and runs it.
    static func main() async throws {
        let bootstrap = try await ProcessBootstrap.start(.indicators)
        let indicators = IndicatorsSettings(reader: try await ServiceConfigReader.make())
        let application = try buildApplication(
            settings: bootstrap.settings, indicators: indicators, logger: bootstrap.logger, registry: bootstrap.registry
        )
        try await application.runService()
    }
}
