package nl.edigate.config;

/** GS1 check digits for GLN and GTIN. */
public final class Identifiers {
    private Identifiers() {
    }

    public static boolean isValidGln(String value) {
        return value != null && value.length() == 13 && hasValidGs1CheckDigit(value);
    }

    /** GTIN-8, -12, -13 or -14. */
    public static boolean isValidGtin(String value) {
        if (value == null) {
            return false;
        }
        int n = value.length();
        return (n == 8 || n == 12 || n == 13 || n == 14) && hasValidGs1CheckDigit(value);
    }

    static boolean hasValidGs1CheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(digits.length() - 1 - i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (i > 0) {
                // from the right, excluding the check digit: weights 3, 1, 3, 1, ...
                sum += (c - '0') * (i % 2 == 1 ? 3 : 1);
            }
        }
        int check = (10 - sum % 10) % 10;
        return digits.charAt(digits.length() - 1) - '0' == check;
    }

    /** An IBAN without spaces: two letters, two check digits, up to 30 letters or digits, mod 97 equal to 1. */
    public static boolean isValidIban(String iban) {
        if (iban == null || !iban.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        int rest = 0;
        for (char c : moved.toCharArray()) {
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            rest = v > 9 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
        }
        return rest == 1;
    }
}
