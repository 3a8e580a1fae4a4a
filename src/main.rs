//! Entry point of the Trunk build: mounts the widget on the demo page.

fn main() {
    widget::mount_on_page();
}
