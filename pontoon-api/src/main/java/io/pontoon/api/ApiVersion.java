// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The REST API version ("v1") and the Pontoon build version. */
public final class ApiVersion
{
    /** The API version string reported by {@code GET /v1/version}. */
    public static final String API_VERSION = "v1";

    /** The path prefix of every REST v1 route. */
    public static final String API_PREFIX = "/" + API_VERSION;

    private static final String VERSION = load();

    private ApiVersion()
    {
    }

    /** The Maven project version this build was made from, or "dev" when unknown. */
    public static String pontoonVersion()
    {
        return VERSION;
    }

    private static String load()
    {
        // From the jar manifest when running from the jar (cheap: the class loader has read it already).
        final String fromManifest = ApiVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null)
        {
            return fromManifest;
        }
        try (InputStream in = ApiVersion.class.getResourceAsStream("version.properties"))
        {
            if (in == null)
            {
                return "dev";
            }
            final Properties p = new Properties();
            p.load(in);
            final String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        }
        catch (final IOException e)
        {
            return "dev";
        }
    }
}
