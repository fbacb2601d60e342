package nl.edigate.text;

import java.text.Normalizer;
import java.util.Map;

/**
 * Text for syntax level UNOC (ISO 8859-1): a character outside it is transliterated to its plain Latin
 * form ({@code ł} to {@code l}, {@code €} to {@code EUR}, accents dropped where the letter itself is not
 * in the set); one that has none makes the value unusable, said with the character and its code point.
 */
public final class Latin1 {
    private static final Map<Character, String> PLAIN = Map.ofEntries(
            Map.entry('ł', "l"), Map.entry('Ł', "L"), Map.entry('đ', "d"), Map.entry('Đ', "D"), Map.entry('ı', "i"),
            Map.entry('œ', "oe"), Map.entry('Œ', "OE"), Map.entry('ĳ', "ij"), Map.entry('Ĳ', "IJ"),
            Map.entry('€', "EUR"), Map.entry('‘', "'"), Map.entry('’', "'"), Map.entry('‚', ","),
            Map.entry('“', "\""), Map.entry('”', "\""), Map.entry('„', "\""), Map.entry('–', "-"), Map.entry('—', "-"),
            Map.entry('…', "..."), Map.entry('•', "*"), Map.entry('™', "TM"), Map.entry('\u00a0', " "),
            Map.entry('\u2009', " "), Map.entry('\u202f', " "), Map.entry('−', "-"));

    private Latin1() {
    }

    /** Thrown when a character has no ISO 8859-1 form. */
    public static final class NotRepresentable extends IllegalArgumentException {
        public NotRepresentable(String message) {
            super(message);
        }
    }

    /** The value in ISO 8859-1, transliterated where needed; null stays null. */
    public static String of(String value) {
        if (value == null) {
            return null;
        }
        // composed first: "e" with a combining acute (U+0301) is the é that ISO 8859-1 has
        value = Normalizer.normalize(value, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
                throw new NotRepresentable("holds the control character U+" + String.format("%04X", cp));
            }
            if (cp <= 0xff) {
                out.append((char) cp);
                continue;
            }
            String plain = cp <= 0xffff ? PLAIN.get((char) cp) : null;
            if (plain == null) {
                plain = withoutMarks(cp);
            }
            if (plain == null) {
                throw new NotRepresentable("holds '" + new String(Character.toChars(cp)) + "' (U+"
                        + String.format("%04X", cp) + "), which has no ISO 8859-1 form");
            }
            out.append(plain);
        }
        return out.toString();
    }

    /** The letter without its accents, when that is in ISO 8859-1 (ő to o, č to c). */
    private static String withoutMarks(int cp) {
        String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
        StringBuilder base = new StringBuilder();
        for (char c : decomposed.toCharArray()) {
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                base.append(c);
            }
        }
        if (base.length() == 0) {
            return null;
        }
        for (char c : base.toString().toCharArray()) {
            if (c > 0xff || c < 0x20) {
                return null;
            }
        }
        return base.toString();
    }
}
