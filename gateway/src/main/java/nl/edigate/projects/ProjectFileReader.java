package nl.edigate.projects;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.edigate.intake.UnreadableFileException;

/**
 * Reads a projects export with Jackson's streaming parser, never a tree of the whole file. Pass 1
 * proves the file well-formed (character set, syntax, duplicate keys, nesting, the {@code projecten}
 * array) so that a broken file is set aside whole; pass 2 hands over one project at a time, as a small
 * tree, with the line it starts on.
 */
public final class ProjectFileReader {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_STRING = 64 * 1024;

    private final Charset charset;
    private final ObjectMapper mapper;

    public ProjectFileReader(Charset charset) {
        this.charset = charset;
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING).maxNumberLength(40).build())
                .build();
        // decimals stay exact (42.5 is not a double here), so that rounding to 0.1 and to cents is exact
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    private JsonParser open(Path file) throws IOException {
        // never through a link: a link planted between listing and opening is refused here
        InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        Reader reader = new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        // a UTF-8 byte order mark arrives as U+FEFF, which is not JSON: skip it
        PushbackReader pushback = new PushbackReader(new BufferedReader(reader, 1 << 16), 1);
        int first = pushback.read();
        if (first != 0xFEFF && first != -1) {
            pushback.unread(first);
        }
        return mapper.getFactory().createParser(pushback);
    }

    /** Pass 1: the whole file is valid JSON with an array {@code projecten}; returns the number of projects. */
    public long prescan(Path file) throws UnreadableFileException, IOException {
        if (Files.size(file) == 0) {
            throw new UnreadableFileException("the file is empty");
        }
        long projects = 0;
        try (JsonParser p = open(file)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableFileException("line 1: the file is not a JSON object");
            }
            boolean sawProjects = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("projecten".equals(name)) {
                    sawProjects = true;
                    if (value != JsonToken.START_ARRAY) {
                        throw new UnreadableFileException("line " + p.currentLocation().getLineNr()
                                + ": 'projecten' is not an array");
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        projects++;
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new UnreadableFileException("line " + p.currentLocation().getLineNr()
                        + ": content after the end of the JSON object");
            }
            if (!sawProjects) {
                throw new UnreadableFileException("the file has no 'projecten' array");
            }
            return projects;
        } catch (JsonProcessingException e) {
            throw new UnreadableFileException("not readable as JSON: " + where(e) + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException("not readable as " + charset.name() + ": bytes that are not valid in it");
        }
    }

    /** Pass 2: each project with its position (index in the array, line). */
    public void read(Path file, BiConsumer<JsonNode, Position> onProject) throws UnreadableFileException, IOException {
        try (JsonParser p = open(file)) {
            try {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (!"projecten".equals(name)) {
                        p.skipChildren();
                        continue;
                    }
                    int index = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long line = p.currentLocation().getLineNr();
                        JsonNode project = mapper.readTree(p);
                        onProject.accept(project, new Position(index++, line));
                    }
                }
            } catch (JsonProcessingException e) {
                // pass 1 skips the values, so a limit on one value (a text over 64 KiB) is found here; such
                // a limit has no location of its own, the parser's is where it stopped
                String at = e.getLocation() != null ? where(e)
                        : "line " + p.currentLocation().getLineNr() + ": ";
                throw new UnreadableFileException("not readable as JSON: " + at + e.getOriginalMessage());
            }
        }
    }

    /** A broken limit (nesting depth, say) may have no location of its own. */
    private static String where(JsonProcessingException e) {
        var at = e.getLocation();
        return at != null ? "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " : "";
    }

    /** Where a project stands in its file. */
    public record Position(int index, long line) {
    }
}
