package nl.edigate.console;

/** What every page shows around its content: its title, and who is logged in (none on the login page). */
public record Frame(String title, String user, String role, String csrf) {

    static Frame of(String title, Sessions.Session session) {
        return session == null ? new Frame(title, null, null, null)
                : new Frame(title, session.user().name(), session.user().role().name().toLowerCase(), session.csrf());
    }
}
