package dev.parley.core.model;

import java.util.Objects;
import java.util.Optional;

/** Where the bytes of an image or a document are: inline as base64, or behind a URL. */
public sealed interface Media {

    /** Inline bytes, base64 encoded (standard alphabet, as every protocol uses). */
    record Base64(String mediaType, String data) implements Media {
        public Base64 {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(data, "data");
        }

        /** As a {@code data:} URL, the form OpenAI's protocols use. */
        public String dataUrl() {
            return "data:" + mediaType + ";base64," + data;
        }
    }

    /** A URL the provider fetches itself (or a provider file reference such as a Gemini file URI). */
    record Url(String url, Optional<String> mediaType) implements Media {
        public Url {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(mediaType, "mediaType");
        }
    }

    /**
     * Reads a URL as clients send it: a {@code data:<type>;base64,<data>} URL becomes {@link Base64}, anything
     * else stays a {@link Url}.
     */
    static Media fromUrl(String url) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            int marker = url.lastIndexOf(";base64", comma);
            if (comma > 0 && marker > 0) {
                return new Base64(url.substring(5, marker), url.substring(comma + 1));
            }
        }
        return new Url(url, Optional.empty());
    }
}
