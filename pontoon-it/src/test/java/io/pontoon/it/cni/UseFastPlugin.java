// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class (typically a subclass of a {@code pontoon-cni} test) against
 * {@code pontoon-cni-fast}: switches {@link CniExec#plugin()} before every {@code @BeforeAll},
 * the superclass's included, and back afterwards.
 */
final class UseFastPlugin implements BeforeAllCallback, AfterAllCallback
{
    @Override
    public void beforeAll(final ExtensionContext context)
    {
        CniExec.use(CniExec.PONTOON_FAST);
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        CniExec.use(CniExec.PONTOON);
    }
}
