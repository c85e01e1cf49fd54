// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

import java.util.Map;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

/**
 * The 200 reply of {@code GET /v1/cni/status?network=NAME}:
 * {@code {"Available": true, "Degraded": false, "Message": ""}}.
 *
 * @param available true when the daemon can serve ADD on this network now
 * @param degraded  when not available: existing containers may also have lost connectivity (CNI 51)
 * @param message   why not available; shown as the CNI error's details
 */
public record CniStatus(boolean available, boolean degraded, String message)
{
    public Map<String, Object> toJson()
    {
        return Json.obj("Available", available, "Degraded", degraded, "Message", message == null ? "" : message);
    }

    public static CniStatus fromJson(final JsonObject o)
    {
        return new CniStatus(o.bool("Available", false), o.bool("Degraded", false), o.string("Message", ""));
    }
}
