//! Writes a test photo: `photo PATH WIDTH HEIGHT [LAT LON]`, a textured JPEG about the
//! size a phone makes, with the EXIF position a phone writes when LAT LON are given. Used
//! by `bench/feedback.sh` and to make the end-to-end fixture.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, path, w, h, rest @ ..] = args.as_slice() else {
        eprintln!("usage: photo PATH WIDTH HEIGHT [LAT LON]");
        std::process::exit(2);
    };
    let position = match rest {
        [lat, lon] => Some((lat.parse().expect("lat"), lon.parse().expect("lon"))),
        _ => None,
    };
    let jpeg = server::modules::feedback::photos::sample(
        w.parse().expect("width"),
        h.parse().expect("height"),
        position,
    );
    std::fs::write(path, &jpeg).expect("write");
    println!("{path}: {w}×{h}, {} bytes", jpeg.len());
}
