package org.eventstream.e2e;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/k8s} checked without a cluster: every document is read into the
 * Kubernetes object model of its kind and may carry no field the model does not know (a
 * misspelt field is silently ignored by {@code kubectl apply}); every kustomization names
 * files that exist; the base's workloads have probes, resources and a non-root user;
 * Services, autoscalers, disruption budgets and the Ingress point at what exists. With
 * {@code kubectl} on the PATH the overlays are also rendered and checked whole.
 */
class KubernetesManifestsTest {

	static final Path K8S = StackProcess.HOME.resolve("deploy/k8s");

	static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	static final Map<String, Class<?>> BUILT_IN = Map.of("v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class,
			"v1/Service", Service.class, "apps/v1/Deployment", Deployment.class, "apps/v1/StatefulSet",
			StatefulSet.class, "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
			"policy/v1/PodDisruptionBudget", PodDisruptionBudget.class, "networking.k8s.io/v1/Ingress", Ingress.class);

	/** Operators' resources: checked by their own CRDs when applied, here by kind. */
	static final Map<String, String> CUSTOM = Map.of("Kafka", "kafka.strimzi.io/v1beta2", "KafkaNodePool",
			"kafka.strimzi.io/v1beta2", "KafkaTopic", "kafka.strimzi.io/v1beta2", "ClickHouseInstallation",
			"clickhouse.altinity.com/v1", "ClickHouseKeeperInstallation", "clickhouse-keeper.altinity.com/v1");

	@Test
	void everyDocumentIsKnownToTheKubernetesModel() throws Exception {
		List<String> problems = new ArrayList<>();
		int documents = 0;
		for (Path file : yamlFiles()) {
			for (JsonNode document : documents(file)) {
				documents++;
				problems.addAll(modelProblems(K8S.relativize(file).toString(), document));
			}
		}
		assertThat(documents).isGreaterThan(20);
		assertThat(problems).isEmpty();
	}

	@Test
	void theModelCheckCatchesAMisspeltField() throws Exception {
		JsonNode broken = YAML.readTree("""
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: x}
				spec:
				  replicas: 1
				  template:
				    spec:
				      containers:
				        - name: x
				          livenessProbe: {httpGet: {path: /, port: 80}, intialDelaySeconds: 5}
				""");
		assertThat(modelProblems("broken", broken)).singleElement().asString().contains("intialDelaySeconds");
	}

	@Test
	void kustomizationsNameFilesThatExistAndTheirInlinePatchesAreValid() throws Exception {
		List<Path> kustomizations = yamlFilesNamed("kustomization.yaml");
		assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(6);
		for (Path kustomization : kustomizations) {
			JsonNode root = YAML.readTree(kustomization.toFile());
			Path dir = kustomization.getParent();
			for (JsonNode resource : root.path("resources")) {
				Path target = dir.resolve(resource.asText()).normalize();
				assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
					.as(kustomization + " names " + resource.asText())
					.isTrue();
			}
			for (JsonNode patch : root.path("patches")) {
				if (patch.has("path")) {
					assertThat(dir.resolve(patch.get("path").asText())).as(kustomization + " patch").isRegularFile();
				}
				if (patch.has("patch")) {
					assertThat(
							modelProblems(kustomization + " inline patch", YAML.readTree(patch.get("patch").asText())))
						.isEmpty();
				}
			}
		}
	}

	@Test
	void theBaseWorkloadsAreProbedBoundedAndUnprivilegedAndEverythingPointsAtSomething() throws Exception {
		List<JsonNode> base = new ArrayList<>();
		for (Path file : yamlFiles()) {
			if (file.startsWith(K8S.resolve("base")) && !file.endsWith("kustomization.yaml")) {
				base.addAll(documents(file));
			}
		}
		assertThat(workloadProblems(base)).isEmpty();
	}

	@Test
	void theRenderedOverlaysPassTheSameChecks() throws Exception {
		Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed: the overlays are not rendered");
		for (String overlay : List.of("dev", "production")) {
			Process render = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays/" + overlay).toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(render.getInputStream().readAllBytes());
			assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(render.exitValue()).as(output).isZero();
			List<JsonNode> rendered = new ArrayList<>();
			try (var parser = YAML.getFactory().createParser(output)) {
				YAML.readValues(parser, JsonNode.class).forEachRemaining(rendered::add);
			}
			List<String> problems = new ArrayList<>();
			for (JsonNode document : rendered) {
				problems.addAll(modelProblems(overlay, document));
			}
			problems.addAll(workloadProblems(rendered.stream()
				.filter(document -> !document.path("kind").asText().startsWith("Kafka")
						&& !document.path("kind").asText().startsWith("ClickHouse"))
				.toList()));
			assertThat(problems).as(overlay).isEmpty();
		}
	}

	/** Unknown kinds, and fields the model of a known kind does not have. */
	static List<String> modelProblems(String where, JsonNode document) throws IOException {
		String kind = document.path("kind").asText();
		String apiVersion = document.path("apiVersion").asText();
		if (CUSTOM.containsKey(kind)) {
			return CUSTOM.get(kind).equals(apiVersion) ? List.of()
					: List.of(where + ": " + kind + " should be " + CUSTOM.get(kind) + ", not " + apiVersion);
		}
		if (kind.equals("Kustomization")) {
			return List.of();
		}
		Class<?> type = BUILT_IN.get(apiVersion + "/" + kind);
		if (type == null) {
			return List.of(where + ": no model for " + apiVersion + " " + kind);
		}
		List<String> unknown = new ArrayList<>();
		unknownFields(YAML.treeToValue(document, type),
				where + " " + kind + " " + document.path("metadata").path("name").asText(), unknown);
		return unknown;
	}

	/**
	 * Walks the model: whatever the model did not know ends up in additionalProperties.
	 */
	private static void unknownFields(Object value, String path, List<String> unknown) {
		if (value == null) {
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
			return;
		}
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				unknownFields(item, path + "[" + i++ + "]", unknown);
			}
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
					|| !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
				continue;
			}
			Object field;
			try {
				field = getter.invoke(value);
			}
			catch (ReflectiveOperationException ex) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
					unknown.add(path + ": unknown field(s) " + extra.keySet());
				}
			}
			else {
				unknownFields(field, path + "." + getter.getName().replaceFirst("^(get|is)", ""), unknown);
			}
		}
	}

	/**
	 * Probes, resources, non-root; and Services, HPAs, PDBs, the Ingress pointing at
	 * something.
	 */
	static List<String> workloadProblems(List<JsonNode> documents) throws IOException {
		List<String> problems = new ArrayList<>();
		List<Deployment> deployments = new ArrayList<>();
		List<PodTemplateSpec> templates = new ArrayList<>();
		List<Service> services = new ArrayList<>();
		for (JsonNode document : documents) {
			switch (document.path("kind").asText()) {
				case "Deployment" -> {
					Deployment deployment = YAML.treeToValue(document, Deployment.class);
					deployments.add(deployment);
					templates.add(deployment.getSpec().getTemplate());
				}
				case "StatefulSet" ->
					templates.add(YAML.treeToValue(document, StatefulSet.class).getSpec().getTemplate());
				case "Service" -> services.add(YAML.treeToValue(document, Service.class));
				default -> {
				}
			}
		}
		assertThat(deployments).as("Deployments").isNotEmpty();
		for (Deployment deployment : deployments) {
			String name = deployment.getMetadata().getName();
			var pod = deployment.getSpec().getTemplate().getSpec();
			boolean podNonRoot = pod.getSecurityContext() != null
					&& Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
			for (Container container : pod.getContainers()) {
				String where = "Deployment " + name + " container " + container.getName();
				if (container.getLivenessProbe() == null || container.getReadinessProbe() == null) {
					problems.add(where + ": needs liveness and readiness probes");
				}
				else if (container.getImage().startsWith("event-stream/")
						&& (container.getReadinessProbe().getHttpGet() == null || !"/actuator/health/readiness"
							.equals(container.getReadinessProbe().getHttpGet().getPath()))) {
					problems.add(where + ": an Event Stream service's readiness must be /actuator/health/readiness");
				}
				var resources = container.getResources();
				if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey("cpu")
						|| !resources.getRequests().containsKey("memory") || resources.getLimits() == null
						|| !resources.getLimits().containsKey("memory")) {
					problems.add(where + ": needs cpu and memory requests and a memory limit");
				}
				boolean nonRoot = podNonRoot || (container.getSecurityContext() != null
						&& Boolean.TRUE.equals(container.getSecurityContext().getRunAsNonRoot()));
				if (!nonRoot) {
					problems.add(where + ": must run as non-root");
				}
			}
		}
		for (Service service : services) {
			Map<String, String> selector = service.getSpec().getSelector();
			boolean selects = selector != null && templates.stream()
				.anyMatch(template -> template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
			if (!selects) {
				problems.add("Service " + service.getMetadata().getName() + " selects no pod template: " + selector);
			}
		}
		for (JsonNode document : documents) {
			String kind = document.path("kind").asText();
			if (kind.equals("HorizontalPodAutoscaler")) {
				var hpa = YAML.treeToValue(document, HorizontalPodAutoscaler.class);
				String target = hpa.getSpec().getScaleTargetRef().getName();
				if (deployments.stream().noneMatch(d -> d.getMetadata().getName().equals(target))) {
					problems.add("HPA " + hpa.getMetadata().getName() + " scales a missing Deployment " + target);
				}
			}
			if (kind.equals("PodDisruptionBudget")) {
				var pdb = YAML.treeToValue(document, PodDisruptionBudget.class);
				Map<String, String> labels = pdb.getSpec().getSelector().getMatchLabels();
				if (templates.stream()
					.noneMatch(
							template -> template.getMetadata().getLabels().entrySet().containsAll(labels.entrySet()))) {
					problems.add("PDB " + pdb.getMetadata().getName() + " selects nothing: " + labels);
				}
			}
			if (kind.equals("Ingress")) {
				var ingress = YAML.treeToValue(document, Ingress.class);
				for (var rule : ingress.getSpec().getRules()) {
					for (HTTPIngressPath path : rule.getHttp().getPaths()) {
						var backend = path.getBackend().getService();
						var service = services.stream()
							.filter(s -> s.getMetadata().getName().equals(backend.getName()))
							.findFirst();
						boolean port = service.isPresent() && service.get()
							.getSpec()
							.getPorts()
							.stream()
							.anyMatch(p -> matches(p, backend.getPort()));
						if (!port) {
							problems
								.add("Ingress path " + path.getPath() + " → missing service/port " + backend.getName());
						}
					}
				}
			}
		}
		return problems;
	}

	private static boolean matches(ServicePort port,
			io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort wanted) {
		return (wanted.getName() != null && wanted.getName().equals(port.getName()))
				|| (wanted.getNumber() != null && wanted.getNumber().equals(port.getPort()));
	}

	private static List<Path> yamlFiles() throws IOException {
		try (Stream<Path> files = Files.walk(K8S)) {
			return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
		}
	}

	private static List<Path> yamlFilesNamed(String name) throws IOException {
		return yamlFiles().stream().filter(file -> file.getFileName().toString().equals(name)).toList();
	}

	private static List<JsonNode> documents(Path file) throws IOException {
		List<JsonNode> documents = new ArrayList<>();
		try (var parser = YAML.getFactory().createParser(file.toFile())) {
			YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
				if (document instanceof ObjectNode) {
					documents.add(document);
				}
			});
		}
		return documents;
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

}
