package io.imhook.receiver;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;
import io.imhook.callback.payload.MessagePayloads.MessageReq;
import io.imhook.callback.payload.UserPayloads.FriendRequestReq;
import io.imhook.callback.payload.UserPayloads.RegisteredUser;
import io.imhook.callback.payload.UserPayloads.UserInfoReq;
import io.imhook.callback.payload.UserPayloads.UserRegisterReq;

/**
 * The reference business rules: pure functions of {@link ReceiverConfig} and the callback's request record.
 * Copy this class as the start of your own business server's rules.
 */
@ApplicationScoped
public class ReferenceRules {

    /** OpenIM's contentType of a text message. */
    static final int TEXT = 101;
    static final String MASK = "***";

    private final ReceiverConfig config;
    private final Optional<Pattern> listedWords;

    public ReferenceRules(ReceiverConfig config) {
        this.config = config;
        this.listedWords = wordPattern(config.words());
    }

    /** The answer to one callback; every callback without a rule is allowed. */
    public Answer answer(CallbackType type, Record request) {
        return switch (type.key()) {
            case "beforeSendSingleMsg", "beforeSendGroupMsg" -> denyListedWords((MessageReq) request);
            case "beforeMsgModify" -> maskListedWords((MessageReq) request);
            case "beforeUpdateUserInfo", "beforeUpdateUserInfoEx" -> denyListedNickname(
                    ((UserInfoReq) request).nickName());
            case "beforeUserRegister" -> denyListedNicknames((UserRegisterReq) request);
            case "beforeAddFriend" -> denyBlockedUser((FriendRequestReq) request);
            default -> Answer.allow();
        };
    }

    private Answer denyListedWords(MessageReq message) {
        return textElem(message)
                .flatMap(text -> findListedWord(text.path("content").asText()))
                .map(word -> Answer.deny(config.messageDenyCode(), "message contains a forbidden word",
                        "forbidden word: " + word))
                .orElseGet(Answer::allow);
    }

    /** OpenIM rejects a modified {@code content} that is not a JSON object, so the text element keeps its form. */
    private Answer maskListedWords(MessageReq message) {
        Optional<ObjectNode> text = textElem(message);
        if (text.isEmpty() || listedWords.isEmpty()) {
            return Answer.allow();
        }
        String original = text.get().path("content").asText();
        String masked = listedWords.get().matcher(original).replaceAll(Matcher.quoteReplacement(MASK));
        if (masked.equals(original)) {
            return Answer.allow();
        }
        text.get().put("content", masked);
        String content = new String(PayloadCodec.write(text.get()), StandardCharsets.UTF_8);
        return Answer.modify(Map.of("content", content));
    }

    private Answer denyListedNickname(String nickname) {
        return findListedWord(nickname)
                .map(word -> denyNickname("forbidden word: " + word))
                .orElseGet(Answer::allow);
    }

    private Answer denyListedNicknames(UserRegisterReq registration) {
        List<RegisteredUser> users = registration.users() == null ? List.of() : registration.users();
        for (RegisteredUser user : users) {
            if (user == null) {
                // OpenIM never sends a null user; one that is not there has no nickname to deny
                continue;
            }
            Optional<String> word = findListedWord(user.nickname());
            if (word.isPresent()) {
                return denyNickname("user " + user.userID() + ", forbidden word: " + word.get());
            }
        }
        return Answer.allow();
    }

    private Answer denyNickname(String detail) {
        return Answer.deny(config.nicknameDenyCode(), "nickname contains a forbidden word", detail);
    }

    private Answer denyBlockedUser(FriendRequestReq request) {
        if (request.fromUserID() != null && config.blockedUsers().contains(request.fromUserID())) {
            return Answer.deny(config.friendDenyCode(), "friend requests from this user are blocked",
                    "blocked user: " + request.fromUserID());
        }
        return Answer.allow();
    }

    /** The first listed word in {@code text}, as it is written there. */
    private Optional<String> findListedWord(String text) {
        if (text == null || listedWords.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = listedWords.get().matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    /**
     * The text element of a text message: its {@code content} is the JSON text {@code {"content":"..."}}. Anything
     * else (another type, or content that is not such an object) is not judged.
     */
    static Optional<ObjectNode> textElem(MessageReq message) {
        if (message.contentType() != TEXT || message.content() == null) {
            return Optional.empty();
        }
        try {
            JsonNode elem = PayloadCodec.mapper().readTree(message.content());
            return elem != null && elem.isObject() && elem.path("content").isTextual()
                    ? Optional.of((ObjectNode) elem)
                    : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** One case-insensitive alternation, longest word first, so that "badword" wins over "bad". */
    private static Optional<Pattern> wordPattern(List<String> words) {
        String alternatives = words.stream()
                .map(String::strip)
                .filter(word -> !word.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return alternatives.isEmpty()
                ? Optional.empty()
                : Optional.of(Pattern.compile(alternatives, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }
}
