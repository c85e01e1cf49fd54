// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

/** The CNI verbs (CNI_COMMAND), with the daemon endpoint that serves each one. */
public enum CniCommand
{
    ADD("POST", "/v1/cni/add"),
    DEL("POST", "/v1/cni/del"),
    CHECK("POST", "/v1/cni/check"),
    /** Answered by the plugin itself; the daemon is not asked. */
    VERSION(null, null),
    /** {@code GET /v1/cni/status?network=NAME}. */
    STATUS("GET", "/v1/cni/status"),
    GC("POST", "/v1/cni/gc");

    private final String method;
    private final String path;

    CniCommand(final String method, final String path)
    {
        this.method = method;
        this.path = path;
    }

    /** HTTP method of the daemon endpoint, or null for VERSION. */
    public String method()
    {
        return method;
    }

    /** Path of the daemon endpoint (without query), or null for VERSION. */
    public String path()
    {
        return path;
    }

    /** The command named by a CNI_COMMAND value (exact, upper case), or null when unknown. */
    public static CniCommand parse(final String name)
    {
        if (name == null)
        {
            return null;
        }
        for (final CniCommand c : values())
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        return null;
    }
}
