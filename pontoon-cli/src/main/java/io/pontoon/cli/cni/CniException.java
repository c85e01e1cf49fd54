// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import io.pontoon.api.cni.CniErrorCode;

/** A failure that ends the plugin with a CNI error object on stdout. */
final class CniException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final CniErrorCode code;
    private final String details;

    CniException(final CniErrorCode code, final String msg, final String details)
    {
        super(msg);
        this.code = code;
        this.details = details;
    }

    CniException(final CniErrorCode code, final String msg)
    {
        this(code, msg, null);
    }

    CniErrorCode code()
    {
        return code;
    }

    String details()
    {
        return details;
    }
}
