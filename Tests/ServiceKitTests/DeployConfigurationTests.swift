import Bus
import Domain
import Foundation
import ServiceKit
import Testing

@Suite("Service kit: the per-department configuration under Deploy/config is what the services read")
struct DeployConfigurationTests {
    static let configRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/config")
    static let departments = ["bureau", "emergency", "transport", "police", "health", "water"]

    @Test("every file sets container endpoints, the data volume and, for notifiers, the department's own source")
    func filesAreRead() async throws {
        var read = 0
        for department in Self.departments {
            let folder = Self.configRoot.appendingPathComponent(department)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.hasSuffix(".json")
            }
            #expect(department == "bureau" ? files.count == 5 : files == ["notifier.json"], "\(department): \(files)")
            for file in files {
                let service = try #require(ServiceName(rawValue: String(file.dropLast(5))))
                let reader = try await ServiceConfigReader.make(environment: [
                    "GREENHEART_CONFIG": folder.appendingPathComponent(file).path
                ])
                let settings = ServiceSettings(service: service, reader: reader)
                #expect(settings.publishEndpoint == "tcp://*:\(service.defaultPublishPort)")
                #expect(settings.replayEndpoint == "tcp://*:\(service.defaultReplayPort)")
                #expect(settings.httpHost == "0.0.0.0")
                #expect(settings.httpPort == service.defaultHTTPPort)
                #expect(settings.dataDirectory.path == "/var/lib/greenheart")
                #expect(settings.durability == .full)
                #expect(settings.retention == .seconds(168 * 3600))
                if service == .notifier {
                    #expect(settings.source == "notifier-\(department)")
                    #expect(settings.prefixes.contains("emergency.incident."))
                } else {
                    #expect(settings.source == service.rawValue)
                    #expect(settings.prefixes == service.defaultSubscriptions.prefixes)
                }
                read += 1
            }
        }
        #expect(read == 10)
    }

    @Test("allow-lists and upstreams folded over lines, as docker-compose.yml writes them, parse")
    func composeStyleValues() async throws {
        let keys = try (0..<3).map { _ in try CurveKeyPair.generate() }
        let reader = try await ServiceConfigReader.make(environment: [
            "BUS_CURVE_SECRET_KEY": keys[0].secretKey,
            "BUS_CURVE_ALLOW":
                "bureau|\(keys[1].publicKey)|*,\n  transport|\(keys[2].publicKey)|waste.manifest.;waste.anomaly.",
            "BUS_SUBSCRIBE_UPSTREAMS":
                "tcp://emergency:7084|tcp://emergency:7184|\(keys[1].publicKey),\n  tcp://manifests:7083|tcp://manifests:7183|\(keys[1].publicKey)",
        ])
        let settings = ServiceSettings(service: .notifier, reader: reader)
        let security = try #require(try ServiceRuntime.security(settings: settings))
        #expect(security.clients.map(\.department) == ["bureau", "transport"])
        #expect(security.clients.last?.prefixes == ["waste.manifest.", "waste.anomaly."])
        let upstreams = settings.upstreams.compactMap(Upstream.init(parsing:))
        #expect(upstreams.count == 2)
        #expect(upstreams.allSatisfy { $0.serverKey == keys[1].publicKey })
    }
}
