// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

import java.util.Map;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

/**
 * The body of a non-2xx reply from {@code /v1/cni/*}: {@code {"message": "...", "Code": "NOT_FOUND"}}.
 *
 * @param message human-readable, shown to the user as the CNI error's details
 * @param code    one of {@link CniDaemonCode}'s names, or null (the plugin then goes by HTTP status)
 */
public record CniDaemonError(String message, String code)
{
    public Map<String, Object> toJson()
    {
        return Json.obj("message", message == null ? "" : message, "Code", code);
    }

    public static CniDaemonError of(final CniDaemonCode code, final String message)
    {
        return new CniDaemonError(message, code.name());
    }

    public static CniDaemonError fromJson(final JsonObject o)
    {
        return new CniDaemonError(o.string("message", ""), o.string("Code"));
    }
}
