import Configuration
import Domain
import NIOCore

/// Settings of the HJ 212 TCP server.
///
/// Keys (environment variables are the upper-case, underscore form: `hj212.port` → `HJ212_PORT`):
/// - `hj212.host` (string, default `127.0.0.1`; `0.0.0.0` to accept devices from other hosts): bind address.
/// - `hj212.port` (int, default 9212; 0 picks a free port, logged and reported to `onListening`).
/// - `hj212.idleTimeoutSeconds` (int, default 600): a connection silent this long is closed.
/// - `hj212.lenient` (string array, default empty): lenient option names allowed for every device,
///   on top of each station's own (`modbus_crc`, `missing_tail`, `lf_only_tail`, `oversize`, …).
struct HJ212ServerConfiguration: Sendable {
    /// Bind host.
    var host: String
    /// Bind port (0: any free one).
    var port: Int
    /// Idle timeout.
    var idleTimeout: TimeAmount
    /// Lenient options allowed for every device.
    var globalOptions: HJ212Options

    /// Makes a configuration.
    init(
        host: String = "127.0.0.1", port: Int = 9212, idleTimeout: TimeAmount = .seconds(600),
        globalOptions: HJ212Options = []
    ) {
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.globalOptions = globalOptions
    }

    /// Reads the configuration from `reader`; unknown lenient names are ignored.
    init(reader: ConfigReader) {
        host = reader.string(forKey: "hj212.host", default: "127.0.0.1")
        port = reader.int(forKey: "hj212.port", default: 9212)
        idleTimeout = .seconds(Int64(reader.int(forKey: "hj212.idleTimeoutSeconds", default: 600)))
        let names = reader.stringArray(forKey: "hj212.lenient", default: [])
        globalOptions =
            HJ212Options(names: names.filter { name in HJ212Options.allNamed.contains { $0.name == name } }) ?? []
    }
}
