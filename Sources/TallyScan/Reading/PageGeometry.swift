import TallyPaper

/// Finding the printed page in a scan: the paper's grey, and the four corner marks.
enum PageGeometry {
    /// The paper's grey: the median pixel (a ballot is mostly paper). 255 for an empty image.
    static func paperLevel(_ image: GreyImage) -> Int {
        guard !image.pixels.isEmpty else { return 255 }
        var histogram = [Int](repeating: 0, count: 256)
        // Every 4th pixel is plenty for a median.
        var index = 0
        while index < image.pixels.count {
            histogram[Int(image.pixels[index])] += 1
            index += 4
        }
        let half = (image.pixels.count + 3) / 4 / 2
        var seen = 0
        for value in 0..<256 {
            seen += histogram[value]
            if seen > half { return value }
        }
        return 255
    }

    /// A dark blob: its pixel count, bounding box and centroid.
    struct Blob: Equatable {
        var area: Int
        var minX: Int, minY: Int, maxX: Int, maxY: Int
        var centroid: (x: Double, y: Double)
        var width: Int { maxX - minX + 1 }
        var height: Int { maxY - minY + 1 }

        static func == (a: Blob, b: Blob) -> Bool { a.area == b.area && a.minX == b.minX && a.minY == b.minY && a.maxX == b.maxX && a.maxY == b.maxY }
    }

    /// The 8-connected blobs of pixels darker than `threshold` inside the window (clipped to the image).
    static func blobs(_ image: GreyImage, x0: Int, y0: Int, x1: Int, y1: Int, threshold: Int) -> [Blob] {
        let left = max(0, x0), top = max(0, y0), right = min(image.width, x1), bottom = min(image.height, y1)
        guard right > left, bottom > top else { return [] }
        let w = right - left, h = bottom - top
        var seen = [Bool](repeating: false, count: w * h)
        var found: [Blob] = []
        var stack: [Int] = []
        for start in 0..<(w * h) where !seen[start] {
            let sx = start % w + left, sy = start / w + top
            guard Int(image.pixels[sy * image.width + sx]) < threshold else { continue }
            seen[start] = true
            stack.append(start)
            var blob = Blob(area: 0, minX: sx, minY: sy, maxX: sx, maxY: sy, centroid: (0, 0))
            var sumX = 0.0, sumY = 0.0
            while let current = stack.popLast() {
                let cx = current % w, cy = current / w
                blob.area += 1
                sumX += Double(cx + left)
                sumY += Double(cy + top)
                blob.minX = min(blob.minX, cx + left); blob.maxX = max(blob.maxX, cx + left)
                blob.minY = min(blob.minY, cy + top); blob.maxY = max(blob.maxY, cy + top)
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let nx = cx + dx, ny = cy + dy
                        guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                        let n = ny * w + nx
                        if !seen[n], Int(image.pixels[(ny + top) * image.width + nx + left]) < threshold {
                            seen[n] = true
                            stack.append(n)
                        }
                    }
                }
            }
            // Pixel centres.
            blob.centroid = (sumX / Double(blob.area) + 0.5, sumY / Double(blob.area) + 0.5)
            found.append(blob)
        }
        return found
    }

    /// The corner mark nearest `expected` (pixels) within `radius`: a solid, nearly square blob
    /// whose side is within 40% of `side` pixels. nil when there is none.
    static func mark(in image: GreyImage, near expected: (x: Double, y: Double), radius: Double, side: Double, threshold: Int) -> Blob? {
        let candidates = blobs(
            image, x0: Int(expected.x - radius), y0: Int(expected.y - radius), x1: Int(expected.x + radius), y1: Int(expected.y + radius), threshold: threshold)
        let expectedArea = side * side
        return candidates.filter { blob in
            let w = Double(blob.width), h = Double(blob.height), area = Double(blob.area)
            return area > 0.45 * expectedArea && area < 1.9 * expectedArea && w / h > 0.7 && w / h < 1.43 && area / (w * h) > 0.7
        }.min { a, b in
            distance(a.centroid, expected) < distance(b.centroid, expected)
        }
    }

    static func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }
}
