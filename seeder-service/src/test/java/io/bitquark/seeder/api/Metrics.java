package io.bitquark.seeder.api;

import static io.restassured.RestAssured.given;

/** Reads one series of {@code /q/metrics} (Prometheus text). */
final class Metrics {

    private Metrics() {}

    /** The value of the series named {@code name} carrying label {@code label}, or 0 when it is not there yet. */
    static double value(String name, String label) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
