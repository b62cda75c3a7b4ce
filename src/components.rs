//! Small pieces the pages share.

pub mod csv_upload;
pub mod data_table;
pub mod deferred;
pub mod download;
pub mod figure;
pub mod form_fields;
pub mod hold_list;
pub mod kpi_card;
pub mod load_error;
pub mod page_title;
pub mod render_mark;
pub mod sample_notice;
pub mod text_table;
pub mod with_market_data;
