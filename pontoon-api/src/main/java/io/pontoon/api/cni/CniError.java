// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

import java.util.Map;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

/**
 * The CNI error object a plugin prints on stdout before exiting non-zero:
 * {@code {"cniVersion": "1.1.0", "code": 7, "msg": "short", "details": "longer"}}.
 *
 * @param details optional; null leaves the key out
 */
public record CniError(String cniVersion, int code, String msg, String details)
{
    public Map<String, Object> toJson()
    {
        return Json.obj("cniVersion", cniVersion, "code", (long) code, "msg", msg,
            "details", details == null || details.isEmpty() ? null : details);
    }

    public static CniError fromJson(final JsonObject o)
    {
        return new CniError(o.string("cniVersion"), (int) o.integer("code", 0), o.string("msg", ""),
            o.string("details"));
    }
}
