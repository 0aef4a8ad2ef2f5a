package org.eventstream.runtime;

import java.net.URL;
import java.net.URLClassLoader;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLz4Test {

	/**
	 * An executable Spring Boot jar loads lz4-java in a nested class loader, where
	 * Kafka's {@code LZ4Factory.fastestInstance()} picks the Java implementation until
	 * the JNI build is loaded; this test loads lz4-java and {@link NativeLz4} the same
	 * way.
	 */
	@Test
	void kafkasFastestLz4IsTheJniBuildOnceLoadedInANestedClassLoader() throws Exception {
		URL lz4 = LZ4Factory.class.getProtectionDomain().getCodeSource().getLocation();
		URL ours = NativeLz4.class.getProtectionDomain().getCodeSource().getLocation();
		try (NestedFirst nested = new NestedFirst(new URL[] { lz4, ours }, getClass().getClassLoader())) {
			Class<?> factory = nested.loadClass(LZ4Factory.class.getName());
			assertThat(factory.getClassLoader()).isSameAs(nested);
			assertThat(fastest(factory)).isEqualTo("LZ4Factory:JavaSafe");

			Object loaded = nested.loadClass(NativeLz4.class.getName()).getMethod("load").invoke(null);

			assertThat(loaded).isEqualTo("JNI");
			assertThat(fastest(factory)).isEqualTo("LZ4Factory:JNI");
		}
	}

	@Test
	void everyServiceWithThisModuleLoadsItAtStartUp() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
			.hasAtLeastOneElementOfType(NativeLz4.class);
	}

	private static String fastest(Class<?> factory) throws ReflectiveOperationException {
		return factory.getMethod("fastestInstance").invoke(null).toString();
	}

	/** Loads lz4-java and this package itself, everything else from its parent. */
	private static final class NestedFirst extends URLClassLoader {

		NestedFirst(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("net.jpountz.") && !name.startsWith(NativeLz4.class.getPackageName() + ".")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> found = findLoadedClass(name);
				return (found != null) ? found : findClass(name);
			}
		}

	}

}
