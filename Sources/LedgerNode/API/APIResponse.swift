import Hummingbird
import LedgerCore
import NIOCore

/// An API failure: the HTTP status and the JSON body `{"error": code, "reason": text}` (docs/openapi.yaml).
struct APIError: Error, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let reason: String
    var extra: [JSONMember] = []

    static func badRequest(_ code: String, _ reason: String) -> APIError {
        APIError(status: .badRequest, code: code, reason: reason)
    }

    static func notFound(_ reason: String) -> APIError {
        APIError(status: .notFound, code: "not_found", reason: reason)
    }

    static func internalError(_ reason: String) -> APIError {
        APIError(status: .internalServerError, code: "internal_error", reason: reason)
    }

    /// How a store failure reads to a client: not found is a 404, anything else a 500.
    static func store(_ error: StoreError) -> APIError {
        if case .notFound(let what) = error { return .notFound("\(what) not found") }
        return .internalError("the node's store failed: \(error)")
    }

    var response: Response {
        APIResponse.json(
            .object([JSONMember("error", .string(code)), JSONMember("reason", .string(reason))] + extra), status: status
        )
    }
}

enum APIResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let text = JSONWriter.pretty(value) + "\n"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func text(_ bytes: [UInt8], contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Turns every error, including the router's own 404 and 405 and body-size refusals, into the JSON error shape,
/// and logs the unexpected ones. Nothing a client sends can crash the node.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code: String =
                switch status {
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                case .contentTooLarge: "body_too_large"
                default: status.code < 500 ? "bad_request" : "internal_error"
                }
            let reason =
                status == .notFound
                ? "no such endpoint: \(request.method) \(request.uri.path)" : "\(status.reasonPhrase)"
            return APIError(status: status, code: code, reason: reason).response
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError.internalError("\(error)").response
        }
    }
}
