package nl.edigate.model;

/** Why one record (or a whole file, then line 0 and no field) was not taken: file, line, field, reason. */
public record Rejection(String docType, String file, long line, String field, String reason, String businessKey) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (field != null) {
            sb.append(" field ").append(field);
        }
        sb.append(": ").append(reason);
        if (businessKey != null) {
            sb.append(" [").append(businessKey).append(']');
        }
        return sb.toString();
    }
}
