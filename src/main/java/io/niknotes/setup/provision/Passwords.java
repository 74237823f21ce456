package io.niknotes.setup.provision;

import org.postgresql.util.PasswordUtil;

import java.security.SecureRandom;
import java.util.Base64;

/** The app role's password: generated when none is given, and sent to the server only as a SCRAM verifier. */
public final class Passwords {
    /** 24 random bytes = 32 URL-safe characters (192 bits). */
    private static final int RANDOM_BYTES = 24;
    public static final String MASK = "'***'";

    private final SecureRandom random;

    public Passwords(SecureRandom random) {
        this.random = random;
    }

    public String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The SCRAM-SHA-256 verifier computed here, so the cleartext never travels in a statement the server
     * could log. The verifier is still a secret (an offline guessing target): it is never printed either.
     */
    public static String scramVerifier(String password) {
        return PasswordUtil.encodeScramSha256(password.toCharArray());
    }
}
