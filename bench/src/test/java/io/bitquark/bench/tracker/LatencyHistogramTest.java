package io.bitquark.bench.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void reportsZeroWhenEmpty() {
        assertThat(new LatencyHistogram().percentile(99)).isZero();
    }

    @Test
    void isExactBelow128Microseconds() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            histogram.record(v);
        }
        assertThat(histogram.percentile(50)).isEqualTo(50);
        assertThat(histogram.percentile(99)).isEqualTo(99);
        assertThat(histogram.percentile(100)).isEqualTo(100);
    }

    @Test
    void everyValueFallsInABucketWhoseUpperBoundIsWithinOnePointSixPercent() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long value = (long) Math.exp(random.nextDouble() * 40);
            long bound = LatencyHistogram.upperBound(LatencyHistogram.index(value));
            assertThat(bound).isGreaterThanOrEqualTo(value);
            assertThat(bound - value).isLessThanOrEqualTo(Math.max(0, value / 64));
        }
    }

    @Test
    void percentilesMatchASortedSampleWithinBucketPrecision() {
        Random random = new Random(5);
        long[] values = new long[20_001];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + random.nextInt(200_000);
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat(histogram.percentile(p)).isBetween(exact, exact + exact / 64);
        }
        assertThat(histogram.max()).isEqualTo(values[values.length - 1]);
    }

    @Test
    void mergingAddsCountsAndKeepsTheLargestMaximum() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(20);
        b.record(5000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.max()).isEqualTo(5000);
        assertThat(a.percentile(50)).isEqualTo(20);
    }
}
