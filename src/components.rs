//! Small pieces the pages share.

pub mod data_table;
pub mod kpi_card;
pub mod load_error;
pub mod page_title;
pub mod render_mark;
pub mod sample_notice;
