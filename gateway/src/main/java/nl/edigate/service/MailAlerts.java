package nl.edigate.service;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import nl.edigate.config.ConfigException;
import nl.edigate.config.ServiceSettings;
import nl.edigate.delivery.ClientTls;
import nl.edigate.ledger.Ledger;

/**
 * Alerts by mail through Jakarta Mail: STARTTLS required (or implicit TLS), the server's certificate and
 * host name checked (against the JVM's trust store, or a PEM file for a test server), authenticated when a
 * user is configured; the password is read when a mail is sent and never logged.
 */
public final class MailAlerts implements AlertSender {
    private final ServiceSettings.Mail mail;
    private final Map<String, List<String>> clientRecipients;
    private final String host;

    public MailAlerts(ServiceSettings.Mail mail, Map<String, List<String>> clientRecipients, String gatewayHost) {
        this.mail = mail;
        this.clientRecipients = clientRecipients;
        this.host = gatewayHost;
    }

    @Override
    public void send(Ledger.Alert alert, boolean resolved) throws Exception {
        Session session = Session.getInstance(properties());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(mail.from()));
        List<String> to = new ArrayList<>(mail.to());
        if (alert.clientId() != null) {
            clientRecipients.getOrDefault(alert.clientId(), List.of()).stream().filter(a -> !to.contains(a))
                    .forEach(to::add);
        }
        for (String a : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(a));
        }
        m.setSubject(AlertText.subject(alert, resolved), "UTF-8");
        m.setText(AlertText.body(alert, resolved, host), "UTF-8");
        try (Transport t = session.getTransport(mail.security().equals("smtps") ? "smtps" : "smtp")) {
            if (mail.user() == null) {
                t.connect();
            } else {
                t.connect(mail.host(), mail.port(), mail.user(), new String(mail.password()));
            }
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    private Properties properties() {
        String p = mail.security().equals("smtps") ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put(p + "host", mail.host());
        props.put(p + "port", Integer.toString(mail.port()));
        props.put(p + "auth", Boolean.toString(mail.user() != null));
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "connectiontimeout", "15000");
        props.put(p + "timeout", "30000");
        props.put(p + "writetimeout", "30000");
        if (mail.security().equals("starttls")) {
            // never in plain text: a server that does not offer STARTTLS is refused
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        } else {
            props.put(p + "ssl.enable", "true");
        }
        if (mail.trustFile() != null) {
            props.put(p + "ssl.socketFactory", trusting().getSocketFactory());
        }
        return props;
    }

    /** TLS that trusts the CA certificates in the PEM file (a test or in-house mail server). */
    private SSLContext trusting() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ClientTls.trustStore(mail.trustFile(), "alerts.mail.trust-file"));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("alerts.mail.trust-file " + mail.trustFile() + " cannot be used: " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "mail via " + mail.host() + ":" + mail.port() + " to " + mail.to();
    }
}
