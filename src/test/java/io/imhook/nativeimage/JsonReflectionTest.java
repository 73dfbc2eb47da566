package io.imhook.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.payload.CommonReply;
import io.imhook.callback.payload.ConversationPayloads;
import io.imhook.callback.payload.GroupPayloads;
import io.imhook.callback.payload.MessagePayloads;
import io.imhook.callback.payload.PushPayloads;
import io.imhook.callback.payload.UserPayloads;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A payload record missing from the native registration reads as an empty object in the binary only. */
class JsonReflectionTest {

    private static final Set<Class<?>> REGISTERED =
            Set.of(JsonReflection.class.getAnnotation(RegisterForReflection.class).targets());

    @Test
    void everyRecordReachableFromTheCatalogueIsRegistered() {
        Set<Class<?>> reachable = new LinkedHashSet<>();
        reachable.add(CommonReply.class);
        for (CallbackType type : CallbackCatalogue.all()) {
            collect(type.requestType(), reachable);
            collect(type.replyType(), reachable);
        }
        assertThat(reachable).hasSizeGreaterThan(40);
        assertThat(REGISTERED).containsAll(reachable);
    }

    @Test
    void everyRecordOfThePayloadFamiliesIsRegistered() {
        Set<Class<?>> declared = new LinkedHashSet<>();
        Stream.of(ConversationPayloads.class, GroupPayloads.class, MessagePayloads.class, PushPayloads.class,
                UserPayloads.class)
                .flatMap(family -> Arrays.stream(family.getDeclaredClasses()))
                .filter(Class::isRecord)
                .forEach(declared::add);
        assertThat(REGISTERED).containsAll(declared);
    }

    private static void collect(Type type, Set<Class<?>> into) {
        if (type instanceof ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> collect(argument, into));
        } else if (type instanceof Class<?> cls && cls.isRecord() && into.add(cls)) {
            for (RecordComponent component : cls.getRecordComponents()) {
                collect(component.getGenericType(), into);
            }
        }
    }
}
