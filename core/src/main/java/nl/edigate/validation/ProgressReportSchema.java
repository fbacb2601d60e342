package nl.edigate.validation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The client's JSON Schema (2020-12) for progress reports, loaded once from the copy the gateway
 * ships ({@code schema/progress-report.schema.json}), with format assertions on (dates are checked).
 */
public final class ProgressReportSchema {
    private static final ProgressReportSchema INSTANCE = new ProgressReportSchema();

    private final Schema schema;

    private ProgressReportSchema() {
        try (InputStream in = ProgressReportSchema.class.getResourceAsStream("/schema/progress-report.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/progress-report.schema.json is missing from the classpath");
            }
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the progress report schema: " + e.getMessage(), e);
        }
    }

    public static ProgressReportSchema get() {
        return INSTANCE;
    }

    /** The schema's messages for a report; empty when it conforms. */
    public List<String> validate(String json) {
        List<Error> errors = schema.validate(json, InputFormat.JSON, context -> context.executionConfig(
                config -> config.formatAssertionsEnabled(true).locale(Locale.ENGLISH)));
        List<String> out = new ArrayList<>();
        for (Error e : errors) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }
}
