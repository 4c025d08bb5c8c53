import Bus
import BusTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// GET `url` with a bearer token; returns the status and body, or nil when nothing answered.
func httpGet(_ url: String, token: String) async -> (status: Int, body: String)? {
    guard let url = URL(string: url) else { return nil }
    var request = URLRequest(url: url)
    request.timeoutInterval = 2
    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    guard let (data, response) = try? await URLSession.shared.data(for: request),
        let http = response as? HTTPURLResponse
    else { return nil }
    return (http.statusCode, String(decoding: data, as: UTF8.self))
}

@Suite("System: services secured as in the compose deployment", .serialized)
struct SecuredServicesTests {
    @Test(
        "keys and tokens from a secrets directory: emergency subscribes to manifests over CURVE; strangers hear nothing"
    )
    func securedServices() async throws {
        // Given the bureau's key pair and a department's, written as compose writes its secrets
        let root = try TemporaryDirectory(prefix: "greenheart-secured")
        defer { root.remove() }
        let bureau = try CurveKeyPair.generate()
        let transport = try CurveKeyPair.generate()
        let stranger = try CurveKeyPair.generate()
        let secrets = root.url.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        try Data((bureau.secretKey + "\n").utf8).write(to: secrets.appendingPathComponent("bus-curve-secretKey"))
        let hashed = try runScript("printf %s s3cret-bureau | sha256sum | cut -d' ' -f1")
        let hash = hashed.output.trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("bureau:admin:\(hash)\n".utf8).write(to: secrets.appendingPathComponent("auth-tokens"))
        let ackLinkSecret = "5e" + String(repeating: "c7", count: 31)
        try Data((ackLinkSecret + "\n").utf8).write(to: secrets.appendingPathComponent("ack-link-secret"))
        let http = try freeLoopbackPortBlock(count: 2)
        let bus = try freeLoopbackPortBlock(count: 2)
        let replay = try freeLoopbackPortBlock(count: 2)
        let allow = "bureau|\(bureau.publicKey)|*, transport|\(transport.publicKey)|waste.manifest.;waste.anomaly."
        func environment(_ index: Int, _ service: String) -> [String: String] {
            [
                "GREENHEART_SECRETS_DIRECTORY": secrets.path, "BUS_CURVE_ALLOW": allow,
                "DATA_DIRECTORY": root.url.appendingPathComponent(service).path, "HTTP_PORT": "\(http + index)",
                "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:\(bus + index)",
                "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:\(replay + index)",
                "BUS_HEARTBEAT_MILLISECONDS": "200",
            ]
        }
        // When manifests and emergency start with them, emergency subscribed to manifests by its server key
        var emergencyEnvironment = environment(2, "emergency")
        emergencyEnvironment["BUS_SUBSCRIBE_UPSTREAMS"] =
            "tcp://127.0.0.1:\(bus + 1)|tcp://127.0.0.1:\(replay + 1)|\(bureau.publicKey)"
        let manifests = try ChildProcess(
            name: "manifests", executable: try Executables.url("manifests"), arguments: [],
            environment: environment(1, "manifests"), logDirectory: root.url)
        let emergency = try ChildProcess(
            name: "emergency", executable: try Executables.url("emergency"), arguments: [],
            environment: emergencyEnvironment, logDirectory: root.url)
        defer {
            manifests.killNow()
            emergency.killNow()
        }
        // Then emergency's bus status, read with the token from the secrets, shows manifests connected
        let connected = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
            guard let answer = await httpGet("http://127.0.0.1:\(http + 2)/v1/bus/status", token: "s3cret-bureau"),
                answer.status == 200
            else { return false }
            return answer.body.contains(#""source":"manifests""#) && answer.body.contains(#""connected":true"#)
        }
        #expect(connected, "emergency:\n\(emergency.log.suffix(2000))\nmanifests:\n\(manifests.log.suffix(1000))")
        #expect(await httpGet("http://127.0.0.1:\(http + 2)/v1/bus/status", token: "dev-bureau")?.status == 401)
        // And emergency checks acknowledgement links with the secrets directory's ack-link-secret: a link
        // signed with it passes (and finds no such incident), one signed with the development secret does not
        func ackLink(_ secret: String) throws -> String {
            // AckLinkSigner's token: v1.<base64url claims>.<base64url of HMAC-SHA256's first 16 bytes>
            let signed = try runScript(
                #"""
                python3 - "$SECRET" <<'PY'
                import base64, hashlib, hmac, sys, time
                b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
                claims = "v1." + b64(("424242\nbureau\nduty\n%d" % (time.time() + 3600)).encode())
                print(claims + "." + b64(hmac.new(sys.argv[1].encode(), claims.encode(), hashlib.sha256).digest()[:16]))
                PY
                """#, environment: ["SECRET": secret])
            let token = signed.output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "http://127.0.0.1:\(http + 2)/v1/ack/424242?token=\(token)"
        }
        #expect(await httpGet(try ackLink(ackLinkSecret), token: "s3cret-bureau")?.status == 404)
        #expect(
            await httpGet(try ackLink("dev-ack-link-secret-NOT-FOR-PRODUCTION"), token: "s3cret-bureau")?.status == 403)
        #expect(!emergency.log.contains("development secret"), "\(emergency.log.suffix(2000))")
        // And the department's key hears manifests' heartbeats while a stranger's key hears nothing
        let context = try ZMQContext()
        func listener(_ keyPair: CurveKeyPair) throws -> ZMQChannel {
            try ZMQChannel(context: context, kind: .sub) { socket in
                try socket.useCurveClient(serverKey: bureau.publicKey, keyPair: keyPair)
                try socket.subscribe("")
                try socket.subscribe("heartbeat.")
                try socket.connect("tcp://127.0.0.1:\(bus + 1)")
            }
        }
        let allowed = try listener(transport)
        let refused = try listener(stranger)
        let heard = LockedValue<[String]>([])
        let strangerHeard = LockedValue(0)
        let readers = [
            Task {
                for await message in allowed.messages {
                    heard.withLock { $0.append(String(decoding: message.frames[0], as: UTF8.self)) }
                }
            },
            Task { for await _ in refused.messages { strangerHeard.withLock { $0 += 1 } } },
        ]
        let gotHeartbeat = await eventually(timeout: .seconds(5)) { heard.value.contains("heartbeat.manifests") }
        try await Task.sleep(for: .milliseconds(500))
        readers.forEach { $0.cancel() }
        #expect(gotHeartbeat)
        #expect(strangerHeard.value == 0)
        allowed.close()
        refused.close()
        context.terminate()
        // And both stop cleanly on SIGTERM
        for child in [emergency, manifests] {
            child.send(SIGTERM)
            #expect(await child.waitForExit(timeout: .seconds(5)) == 0, "\(child.name):\n\(child.log.suffix(1500))")
        }
    }
}
