// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

/**
 * CNI error codes (spec 1.1.0, "Error codes"). 0-99 are the spec's; 100 and up are Pontoon's own;
 * 999 is what the Go libraries use for an unclassified failure.
 */
public enum CniErrorCode
{
    INCOMPATIBLE_VERSION(1),
    UNSUPPORTED_FIELD(2),
    UNKNOWN_CONTAINER(3),
    INVALID_ENVIRONMENT(4),
    IO_FAILURE(5),
    DECODING_FAILURE(6),
    INVALID_NETWORK_CONFIG(7),
    TRY_AGAIN_LATER(11),
    /** STATUS only: the plugin cannot serve ADD now. */
    NOT_AVAILABLE(50),
    /** STATUS only: cannot serve ADD, and existing containers may have degraded connectivity. */
    NOT_AVAILABLE_DEGRADED(51),
    /** Pontoon: the attachment, address or MAC is already in use. */
    CONFLICT(100),
    /** Pontoon: CHECK found that the runtime's cached result and the daemon's state differ. */
    CHECK_MISMATCH(101),
    /** Pontoon: the daemon refused the caller. */
    FORBIDDEN(102),
    INTERNAL(999);

    private final int code;

    CniErrorCode(final int code)
    {
        this.code = code;
    }

    /** The number printed in the error object's {@code code} field. */
    public int code()
    {
        return code;
    }
}
