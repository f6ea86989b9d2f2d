fn main() {
    std::process::exit(shipspec::run(std::env::args_os()));
}
