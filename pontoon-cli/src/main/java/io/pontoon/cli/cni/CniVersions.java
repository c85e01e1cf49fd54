// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.util.List;
import java.util.Map;

import io.pontoon.api.cni.CniCommand;
import io.pontoon.api.cni.CniErrorCode;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/** Which CNI spec versions the plugin speaks, and which verbs each one allows. */
final class CniVersions
{
    /** Results are produced in exactly the version the request names. */
    static final List<String> SUPPORTED = List.of("0.4.0", "1.0.0", "1.1.0");
    static final String LATEST = "1.1.0";

    private CniVersions()
    {
    }

    /**
     * The request's {@code cniVersion}: a bad string is error 6, a version outside
     * {@link #SUPPORTED} (a missing one means 0.1.0) is error 1.
     */
    static String of(final JsonObject config)
    {
        final Object v = config.raw("cniVersion");
        if (v == null)
        {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION, "incompatible CNI versions",
                "the config has no cniVersion (that means 0.1.0); pontoon-cni supports " + String.join(", ", SUPPORTED));
        }
        if (!(v instanceof String s) || !CniChecks.isSemver(s))
        {
            throw new CniException(CniErrorCode.DECODING_FAILURE, "invalid cniVersion " + Json.write(v),
                "expected MAJOR.MINOR.PATCH, e.g. \"1.1.0\"");
        }
        if (!SUPPORTED.contains(s))
        {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION, "incompatible CNI versions",
                "config is \"" + s + "\", pontoon-cni supports " + String.join(", ", SUPPORTED));
        }
        return s;
    }

    /** STATUS and GC exist since 1.1.0; an older config asking for them is error 1 (as in skel). */
    static void checkAllows(final CniCommand command, final String version)
    {
        if ((command == CniCommand.STATUS || command == CniCommand.GC)
            && CniChecks.compareVersions(version, "1.1.0") < 0)
        {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION,
                "config version does not allow " + command, "cniVersion " + version + " < 1.1.0");
        }
    }

    /** The VERSION answer, echoing the stdin's cniVersion when it is readable. */
    static Map<String, Object> versionReply(final String stdin)
    {
        String echo = LATEST;
        try
        {
            if (stdin != null && !stdin.isBlank() && Json.parse(stdin) instanceof Map<?, ?> m
                && m.get("cniVersion") instanceof String s && CniChecks.isSemver(s))
            {
                echo = s;
            }
        }
        catch (final JsonException e)
        {
            // VERSION ignores a bad stdin, as the Go skel does
        }
        return Json.obj("cniVersion", echo, "supportedVersions", SUPPORTED);
    }
}
