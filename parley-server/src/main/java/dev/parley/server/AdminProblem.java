package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.tenancy.Decision;

/**
 * Why an admin call stops, thrown by its handler on the worker thread and rendered by {@link AdminApi} through the
 * admin API's error shape (and why a call of the batch API stops, rendered by {@link BatchApi} in OpenAI's). Messages
 * are written for the operator and never hold a secret.
 */
final class AdminProblem extends RuntimeException {

    private final transient ApiError error;

    private AdminProblem(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }

    static AdminProblem of(ApiError error) {
        return new AdminProblem(error);
    }

    /** Something that does not exist, or that the principal may not read: the same answer for both. */
    static AdminProblem notFound(String what, String id) {
        return new AdminProblem(ApiError.of(ErrorKind.NOT_FOUND, "not_found", "There is no " + what + " " + id + "."));
    }

    /** The same, for an id given in a field of the body or the query. */
    static AdminProblem notFound(String field, String what, String id) {
        return new AdminProblem(ApiError.of(ErrorKind.NOT_FOUND, "not_found", field + ": there is no " + what + " " + id
                + ".").withParam(field));
    }

    static AdminProblem forbidden(Decision decision) {
        return new AdminProblem(ApiError.of(ErrorKind.PERMISSION, "forbidden", "Not allowed: " + decision.reason() + "."));
    }

    /** A field of the body whose value Parley refuses (422). */
    static AdminProblem invalid(String field, String reason) {
        return new AdminProblem(ApiError.of(ErrorKind.UNPROCESSABLE, "invalid_field", field + ": " + reason)
                .withParam(field));
    }

    /** A request Parley cannot read: malformed JSON, a bad query parameter (400). */
    static AdminProblem badRequest(String param, String reason) {
        return new AdminProblem(ApiError.of(ErrorKind.INVALID_REQUEST, "invalid_request", param + ": " + reason)
                .withParam(param));
    }

    static AdminProblem badRequest(String reason) {
        return new AdminProblem(ApiError.of(ErrorKind.INVALID_REQUEST, "invalid_request", reason));
    }

    /** A catalog change the configuration's validation refuses (422), with its message: key path and reason. */
    static AdminProblem invalidCatalog(String message) {
        return new AdminProblem(ApiError.of(ErrorKind.UNPROCESSABLE, "invalid_catalog", message));
    }

    static AdminProblem conflict(String reason) {
        return new AdminProblem(ApiError.of(ErrorKind.CONFLICT, "conflict", reason));
    }

    static AdminProblem unavailable(String reason) {
        return new AdminProblem(ApiError.of(ErrorKind.UNAVAILABLE, "unavailable", reason));
    }
}
