package org.eventstream.writer;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureTest {

	private static final JavaClasses WRITER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.eventstream.writer");

	@ParameterizedTest
	@ValueSource(strings = { "application.port.in", "application.port.out", "application.service", "adapter.in.kafka",
			"adapter.out.clickhouse", "adapter.out.kafka", "config", "tools" })
	void everyPackageOfTheHexagonHoldsClasses(String pkg) {
		assertThat(WRITER).anyMatch(javaClass -> javaClass.getPackageName().equals("org.eventstream.writer." + pkg));
	}

	@Test
	void theApplicationImportsNoFrameworkOrInfrastructure() {
		noClasses().that()
			.resideInAPackage("..writer.application..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "tools.jackson..", "com.fasterxml..", "org.apache.kafka..",
					"com.clickhouse..", "io.micrometer..")
			.allowEmptyShould(false)
			.check(WRITER);
	}

	@Test
	void adaptersDoNotDependOnEachOther() {
		noClasses().that()
			.resideInAPackage("..adapter.in..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..adapter.out..")
			.allowEmptyShould(false)
			.check(WRITER);
		noClasses().that()
			.resideInAPackage("..adapter.out.clickhouse..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..adapter.in..", "..adapter.out.kafka..")
			.allowEmptyShould(false)
			.check(WRITER);
	}

}
