import Bus
import BusTesting
import Foundation
import Testing

/// Runs `greenheart` with `arguments` and returns its standard output and exit status.
func runGreenheart(_ arguments: [String]) throws -> (output: String, status: Int32) {
    let (status, output) = try SpawnedProcess.run(
        try Executables.url("greenheart").path, arguments, separateStandardError: true)
    return (output, status)
}

@Suite("System: greenheart keys generate")
struct KeysCommandTests {
    struct Printed: Decodable {
        var name: String?
        var publicKey: String
        var secretKey: String
    }

    @Test("JSON output is a working CURVE pair: a CURVE client with it talks to a server that allows it")
    func generatedPairWorks() async throws {
        // Given two pairs printed by the CLI, one for the server and one for a client
        let server = try runGreenheart(["keys", "generate", "--name", "server", "--format", "json"])
        let client = try runGreenheart(["keys", "generate", "--name", "transport", "--format", "json"])
        #expect(server.status == 0 && client.status == 0)
        let serverKeys = try JSONDecoder().decode(Printed.self, from: Data(server.output.utf8))
        let clientKeys = try JSONDecoder().decode(Printed.self, from: Data(client.output.utf8))
        #expect(clientKeys.name == "transport")
        #expect(CurveKeyPair.isValidKey(clientKeys.publicKey) && CurveKeyPair.isValidKey(clientKeys.secretKey))
        #expect(try CurveKeyPair(secretKey: clientKeys.secretKey).publicKey == clientKeys.publicKey)
        #expect(serverKeys.publicKey != clientKeys.publicKey)
        // When a CURVE server (allowing the client's key through ZAP) and the client exchange a message
        let context = try ZMQContext()
        try context.zapHandler().allow(domain: "keys-test", clients: [clientKeys.publicKey: "transport"])
        let endpoint = LockedValue("")
        let router = try ZMQChannel(context: context, kind: .router) { socket in
            try socket.useCurveServer(secretKey: serverKeys.secretKey, zapDomain: "keys-test")
            endpoint.withLock { $0 = (try? socket.bind("tcp://127.0.0.1:*")) ?? "" }
        }
        let pair = CurveKeyPair(publicKey: clientKeys.publicKey, secretKey: clientKeys.secretKey)
        let dealer = try ZMQChannel(context: context, kind: .dealer) { [address = endpoint.value] socket in
            try socket.useCurveClient(serverKey: serverKeys.publicKey, keyPair: pair)
            try socket.connect(address)
        }
        dealer.send([Data("hello".utf8)])
        var iterator = router.messages.makeAsyncIterator()
        let received = await iterator.next()
        // Then the server gets it, from a connection the ZAP handler named after the client
        #expect(received?.frames.last == Data("hello".utf8))
        #expect(received?.userID == "transport")
        dealer.close()
        router.close()
        context.terminate()
    }

    @Test("env output is two shell-safe lines named like the services' configuration keys")
    func envOutput() throws {
        let printed = try runGreenheart(["keys", "generate", "--name", "police"])
        #expect(printed.status == 0)
        let lines = printed.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "# CURVE key pair for police")
        let values = Dictionary(
            uniqueKeysWithValues: lines.dropFirst().compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[1].hasPrefix("'"), parts[1].hasSuffix("'") else { return nil }
                return (parts[0], String(parts[1].dropFirst().dropLast()))
            })
        let secret = try #require(values["BUS_CURVE_SECRET_KEY"])
        #expect(try CurveKeyPair(secretKey: secret).publicKey == values["BUS_CURVE_PUBLIC_KEY"])
    }
}
