package dev.parley.core.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Context-overflow messages reworded for Anthropic clients. Claude Code compacts its history only when it reads
 * {@code prompt is too long: N tokens > M maximum}; OpenAI and Gemini say the same thing in other words, and a
 * client that does not recognise them retries the same oversized request forever.
 */
final class ContextOverflow {

    private static final Pattern ANTHROPIC = Pattern.compile("prompt is too long|exceed context limit");
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*");
    /** OpenAI: "maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens". */
    private static final Pattern MAXIMUM_FIRST = Pattern.compile("(?i)maximum context length");

    private ContextOverflow() {
    }

    static String forAnthropic(String message) {
        if (ANTHROPIC.matcher(message).find()) {
            return message;
        }
        List<Long> numbers = numbers(message);
        if (numbers.size() < 2) {
            return "prompt is too long: " + message;
        }
        long first = numbers.get(0);
        long second = numbers.get(1);
        // OpenAI names the maximum first; Gemini ("input token count (N) exceeds the maximum ... (M)") the count.
        boolean maximumFirst = MAXIMUM_FIRST.matcher(message).find();
        long tokens = maximumFirst ? second : first;
        long maximum = maximumFirst ? first : second;
        return "prompt is too long: " + tokens + " tokens > " + maximum + " maximum (" + message + ")";
    }

    private static List<Long> numbers(String message) {
        List<Long> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(message);
        while (m.find()) {
            try {
                numbers.add(Long.parseLong(m.group().replace(",", "")));
            } catch (NumberFormatException e) {
                // A run of digits too long for a token count is not one; skip it.
            }
        }
        return numbers;
    }
}
