// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit extension behind {@link LabHosts}. A {@link Lab} parameter gets a lab built for the
 * current context: one per test method, or one per class when asked for in a {@code @BeforeAll}
 * method (test methods of that class then share it). The lab lives in the context's store, so
 * JUnit closes it when the context ends, even when the test threw.
 *
 * <p>When a test fails, the state of its lab ({@link Lab#dump()}) goes to stderr and to
 * {@code target/lab-dumps/TEST-LABID.txt}, right after the test method and before any
 * {@code @AfterEach} method changes it; a failure in {@code @BeforeEach} or {@code @AfterEach}
 * is dumped after the latter.
 */
public final class LabExtension implements ParameterResolver, AfterTestExecutionCallback, AfterEachCallback
{
    /** Where failure dumps are written, relative to the working directory (the module under Maven). */
    public static final Path DUMP_DIR = Path.of("target", "lab-dumps");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);
    private static final String LAB = "lab";
    private static final String DUMPED = "dumped";

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context)
    {
        return parameter.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context)
    {
        return context.getStore(NS).computeIfAbsent(LAB, k -> Lab.create(testName(context), hostCount(context)), Lab.class);
    }

    @Override
    public void afterTestExecution(final ExtensionContext context)
    {
        if (context.getExecutionException().isPresent())
        {
            dump(context, context.getExecutionException().get());
        }
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        if (context.getExecutionException().isPresent() && context.getStore(NS).get(DUMPED) == null)
        {
            dump(context, context.getExecutionException().get());
        }
    }

    private static void dump(final ExtensionContext context, final Throwable failure)
    {
        final Lab lab = context.getStore(NS).get(LAB, Lab.class);
        if (lab == null)
        {
            return;
        }
        context.getStore(NS).put(DUMPED, Boolean.TRUE);
        final String test = testName(context);
        final String text = "test " + test + " failed: " + failure + "\n" + lab.dump();
        final Path file = DUMP_DIR.resolve(test.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + lab.id() + ".txt").toAbsolutePath();
        String where;
        try
        {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            where = "written to " + file;
        }
        catch (final IOException e)
        {
            where = "not written (" + e + ")";
        }
        final PrintStream err = System.err;
        err.println("===== lab dump for failed test " + test + ", " + where + " =====");
        err.println(text);
        err.println("===== end of lab dump " + lab.id() + " =====");
    }

    /** {@code TestClass.method} or {@code TestClass} for a class-level context. */
    static String testName(final ExtensionContext context)
    {
        final String cls = context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
        return context.getTestMethod().map(m -> cls + "." + m.getName()).orElse(cls);
    }

    private static int hostCount(final ExtensionContext context)
    {
        Optional<ExtensionContext> c = Optional.of(context);
        while (c.isPresent())
        {
            final Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent())
            {
                final Optional<LabHosts> a = AnnotationSupport.findAnnotation(element.get(), LabHosts.class);
                if (a.isPresent())
                {
                    return a.get().count();
                }
            }
            c = c.get().getParent();
        }
        return 2;
    }
}
