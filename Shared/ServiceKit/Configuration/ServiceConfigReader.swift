import Configuration
import Foundation
import SystemPackage

/// Builds the configuration every service reads: environment variables first, then one file per
/// key in the directory named by `GREENHEART_SECRETS_DIRECTORY` (compose and Kubernetes secrets,
/// e.g. `/run/secrets/bus-curve-secretKey` for `bus.curve.secretKey`; every value there is a
/// secret), then an optional JSON file named by `GREENHEART_CONFIG`, then the defaults written in
/// the settings types.
public enum ServiceConfigReader {
    /// The reader for a service process.
    public static func make(environment: [String: String] = ProcessInfo.processInfo.environment) async throws
        -> ConfigReader
    {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: environment)]
        if let path = environment["GREENHEART_SECRETS_DIRECTORY"], !path.isEmpty {
            providers.append(try await DirectoryFilesProvider(directoryPath: FilePath(path)))
        }
        if let path = environment["GREENHEART_CONFIG"], !path.isEmpty {
            providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
        }
        return ConfigReader(providers: providers)
    }

    /// A reader over fixed values, for tests.
    public static func make(values: [String: String]) -> ConfigReader {
        ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: values))
    }
}
