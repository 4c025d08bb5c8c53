import BusTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("System: make demo", .serialized)
struct DemoTests {
    static let steps = 7

    @Test(
        "Deploy/local/demo.sh plays every step green; the mailbox and the webhook log hold the notifications; nothing is left running"
    )
    func demoScript() async throws {
        // Given the demo script on free ports, in a temporary directory
        let root = try TemporaryDirectory(prefix: "greenheart-demo")
        defer { root.remove() }
        let demoDirectory = root.url.appendingPathComponent("demo")
        let http = try freeLoopbackPortBlock(count: 5)
        let hj212 = try freeLoopbackPortBlock(count: 1) + 1
        let smtp = try freeLoopbackPortBlock(count: 1) + 1
        let webhook = try freeLoopbackPortBlock(count: 1) + 1
        let script = try ChildProcess(
            name: "demo.sh", executable: Executables.repositoryRoot.appendingPathComponent("Deploy/local/demo.sh"),
            arguments: ["--no-build"],
            environment: [
                "DEMO_DIR": demoDirectory.path, "HTTP_BASE": "\(http)",
                "BUS_BASE": "\(try freeLoopbackPortBlock(count: 5))",
                "REPLAY_BASE": "\(try freeLoopbackPortBlock(count: 5))", "HJ212_PORT": "\(hj212)",
                "SMTP_PORT": "\(smtp)",
                "WEBHOOK_PORT": "\(webhook)", "GREENHEART_BIN_DIR": Executables.directory.path, "DEMO_DAY_SECONDS": "4",
            ], logDirectory: root.url)
        defer { script.killNow() }

        // When it runs to its end
        let status = await script.waitForExit(timeout: .seconds(150))
        let output = script.log
        let logs = demoDirectory.appendingPathComponent("logs")
        func diagnosis() -> String {
            let files = ["run", "ingest", "indicators", "manifests", "emergency", "notifier", "sink"].map { name in
                let text = (try? String(contentsOf: logs.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
                return "--- \(name).log\n" + String(text.suffix(1200))
            }
            return ([output] + files).joined(separator: "\n")
        }

        // Then it exits 0, having printed and ticked every step
        #expect(status == 0, "\(diagnosis())")
        for step in 1...Self.steps {
            #expect(output.contains("[\(step)/\(Self.steps)] "), "no step \(step) in:\n\(output)")
        }
        #expect(output.components(separatedBy: "      ✔ ").count - 1 == Self.steps, "\(output)")
        #expect(!output.contains("✘"), "\(output)")
        #expect(
            output.contains("heavy_pollution level yellow") || output.contains("heavy_pollution level orange"),
            "\(output)")
        #expect(output.contains("drinking_water_source level II"), "\(output)")
        #expect(output.contains("demo passed in"), "\(output)")
        #expect(output.contains("alerts in the notifier's Atom feed"), "\(output)")

        // And the mailbox holds each incident's e-mail to the departments the plans name
        let mails = Self.mails(in: demoDirectory.appendingPathComponent("sink/mailbox.mbox"))
        func subjects(to address: String) -> [String] { mails.filter { $0.to == address }.map(\.subject) }
        let bureau = subjects(to: "duty@sthjj.zhuzhou.example")
        for headline in [
            "重污染天气", "饮用水水源地水质超标", "危险废物转移异常",
        ] {
            #expect(bureau.contains { $0.contains(headline) }, "bureau's mails: \(bureau)")
        }
        #expect(
            subjects(to: "duty@slj.zhuzhou.example").contains {
                $0.contains("【Ⅱ级（重大） 新事件】饮用水水源地水质超标")
            },
            "\(mails)")
        #expect(
            subjects(to: "duty@gaj.zhuzhou.example").contains { $0.contains("危险废物转移异常") },
            "\(mails)")
        #expect(
            subjects(to: "duty@wjw.zhuzhou.example").contains { $0.contains("重污染天气") }, "\(mails)")
        // (the water department subscribed to drinking-water incidents only)
        #expect(subjects(to: "duty@slj.zhuzhou.example").allSatisfy { $0.contains("饮用水水源地") }, "\(mails)")

        // And the webhook log holds each incident's POST, with its idempotency key
        let hooks = try Self.webhooks(in: demoDirectory.appendingPathComponent("sink/webhooks.jsonl"))
        func types(at path: String) -> Set<String> {
            Set(
                hooks.filter { $0["path"] as? String == path }.compactMap {
                    (($0["body"] as? [String: Any])?["incident"] as? [String: Any])?["type"] as? String
                })
        }
        #expect(
            types(at: "/hooks/bureau").isSuperset(of: ["heavy_pollution", "drinking_water_source", "waste_anomaly"]),
            "\(hooks)")
        #expect(types(at: "/hooks/emergency").isSuperset(of: ["heavy_pollution", "drinking_water_source"]), "\(hooks)")
        #expect(!types(at: "/hooks/emergency").contains("waste_anomaly"), "emergency is not told about waste: \(hooks)")
        #expect(hooks.allSatisfy { ($0["idempotencyKey"] as? String)?.isEmpty == false }, "\(hooks)")

        // And nothing is left running: no service, no sink, no HJ 212 listener
        for port in Array((http + 1)...(http + 5)) + [hj212, smtp, webhook] {
            #expect(!isListening(port: port), "port \(port) still open")
        }
    }

    @Test("greenheart demo with no services exits 1 and names the step that failed")
    func failingStepIsNamed() async throws {
        // Given free ports where nothing answers
        let root = try TemporaryDirectory(prefix: "greenheart-demo-fail")
        defer { root.remove() }
        let http = try freeLoopbackPortBlock(count: 5)
        // When the demo runs against them
        let demo = try ChildProcess(
            name: "demo", executable: try Executables.url("greenheart"),
            arguments: [
                "demo", "--http-base", "\(http)", "--hj212-port", "\(http + 6)", "--timeout", "1",
                "--mailbox", root.url.appendingPathComponent("mailbox").path,
                "--webhook-log", root.url.appendingPathComponent("webhooks").path,
            ], logDirectory: root.url)
        defer { demo.killNow() }
        let status = await demo.waitForExit(timeout: .seconds(30))
        // Then it exits 1 naming step 1
        #expect(status == 1, "\(demo.log)")
        #expect(
            demo.log.contains("demo FAILED: step 1/\(Self.steps) (The five services answer /healthz)"), "\(demo.log)")
        #expect(!demo.log.contains("[2/\(Self.steps)]"), "\(demo.log)")
    }

    // MARK: - Reading the sink's files

    /// One message: recipient and decoded subject.
    struct Mail: CustomStringConvertible {
        var to: String
        var subject: String
        var description: String { "\(to): \(subject)" }
    }

    /// The messages of an mbox file: each starts with a `From ` line; headers end at the first blank line.
    static func mails(in url: URL) -> [Mail] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var mails: [Mail] = []
        for record in text.components(separatedBy: "\nFrom ").map({
            $0.hasPrefix("From ") ? String($0.dropFirst(5)) : $0
        }) {
            var headers: [String] = []
            for line in record.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
                let line = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
                if line.isEmpty { break }
                if line.first == " " || line.first == "\t", !headers.isEmpty {
                    headers[headers.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                } else {
                    headers.append(line)
                }
            }
            func value(_ name: String) -> String? {
                headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                    .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
            }
            guard let to = value("To"), let subject = value("Subject") else { continue }
            mails.append(
                Mail(to: to.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")), subject: decode(subject)))
        }
        return mails
    }

    /// Decodes RFC 2047 `=?UTF-8?B?…?=` words; whitespace between encoded words is dropped.
    static func decode(_ header: String) -> String {
        let pattern = /=\?[Uu][Tt][Ff]-8\?[Bb]\?([A-Za-z0-9+\/=]*)\?=/
        var result = ""
        var rest = header[...]
        while let match = rest.firstMatch(of: pattern) {
            let between = rest[..<match.range.lowerBound]
            if !between.allSatisfy(\.isWhitespace) { result += between }
            result += Data(base64Encoded: String(match.output.1)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            rest = rest[match.range.upperBound...]
        }
        return result + rest
    }

    /// The JSON lines of the webhook log.
    static func webhooks(in url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw SystemTestError("not a JSON object: \(line)")
            }
            return object
        }
    }
}
