package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

    @Test
    void setsThePooledAllocatorAndNoLeakDetection() {
        Properties properties = new Properties();
        NettyDefaults.apply(properties);
        assertThat(properties).containsEntry("io.netty.allocator.type", "pooled")
                .containsEntry("io.netty.leakDetection.level", "disabled");
    }

    @Test
    void anOperatorsOwnSettingWins() {
        Properties properties = new Properties();
        properties.setProperty("io.netty.leakDetection.level", "paranoid");
        NettyDefaults.apply(properties);
        assertThat(properties).containsEntry("io.netty.leakDetection.level", "paranoid")
                .containsEntry("io.netty.allocator.type", "pooled");
    }
}
