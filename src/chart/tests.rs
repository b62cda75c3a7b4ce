use super::*;

fn labels(unit: Unit) -> Labels {
    Labels {
        id: "t".into(),
        title: "Title".into(),
        description: "Described.".into(),
        x_label: "Borough".into(),
        y_label: "Beds".into(),
        unit,
    }
}

fn chart(unit: Unit, categories: &[&str], series: &[(&str, &[Option<f64>])]) -> Chart {
    Chart {
        labels: labels(unit),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        series: series
            .iter()
            .map(|(name, values)| Series {
                name: name.to_string(),
                values: values.to_vec(),
            })
            .collect(),
    }
}

/// The value of `attr` in every tag that starts with `opening`, in order.
fn numbers(svg: &str, opening: &str, attr: &str) -> Vec<f64> {
    let needle = format!(" {attr}=\"");
    svg.match_indices(opening)
        .map(|(at, _)| {
            let tag = &svg[at..at + svg[at..].find('>').expect("tag closes")];
            let start = tag.find(&needle).expect("attribute present") + needle.len();
            let len = tag[start..].find('"').expect("value closes");
            tag[start..start + len].parse().expect("a number")
        })
        .collect()
}

#[test]
fn text_is_escaped() {
    let mut out = String::new();
    push_text(&mut out, r#"Tom & Jerry's <b>"care"</b>"#);
    assert_eq!(
        out,
        "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;care&quot;&lt;/b&gt;"
    );
    let mut c = chart(Unit::Number, &["<A & B>"], &[("s\"1", &[Some(1.0)])]);
    c.labels.title = "<script>alert('x')</script>".into();
    c.labels.id = "a b\"c".into();
    let svg = bar_chart(&c);
    assert!(!svg.contains("<script>") && !svg.contains("<A & B>"));
    assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(svg.contains(r#"aria-labelledby="a-b-c-title a-b-c-desc""#));
}

#[test]
fn ticks_are_round_and_cover_the_data() {
    for (min, max, n, values, decimals) in [
        (0.0, 3912.0, 5, vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0], 0),
        (0.0, 0.87, 5, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1),
        (0.0, 100.0, 5, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0], 0),
        (-3.0, 7.0, 5, vec![-5.0, 0.0, 5.0, 10.0], 0),
        (85.2, 94.7, 5, vec![85.0, 90.0, 95.0], 0),
        (
            1200.0,
            2000.0,
            4,
            vec![1200.0, 1400.0, 1600.0, 1800.0, 2000.0],
            0,
        ),
        (0.1, 0.3, 2, vec![0.1, 0.2, 0.3], 1),
        (0.0, 0.05, 5, vec![0.0, 0.01, 0.02, 0.03, 0.04, 0.05], 2),
        // Equal bounds stretch to zero; both zero give 0 to 1; nonsense gives 0 to 1.
        (5.0, 5.0, 5, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0], 0),
        (0.0, 0.0, 5, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1),
        (f64::NAN, 3.0, 5, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1),
        // Reversed bounds are put in order; n below 2 counts as 2.
        (10.0, 0.0, 1, vec![0.0, 5.0, 10.0], 0),
    ] {
        assert_eq!(
            nice_ticks(min, max, n),
            Ticks { values, decimals },
            "{min}..{max} in {n}"
        );
    }
}

#[test]
fn counts_step_by_whole_numbers() {
    for (min, max, values) in [
        // A home's vacancies: 0 or 1 bed, where plain numbers would step by 0.2.
        (0.0, 1.0, vec![0.0, 1.0]),
        (0.0, 3.0, vec![0.0, 1.0, 2.0, 3.0]),
        (0.0, 0.0, vec![0.0, 1.0]),
        (2.0, 4.5, vec![2.0, 3.0, 4.0, 5.0]),
        // Ranges wide enough keep the round steps.
        (0.0, 23.0, vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]),
    ] {
        assert_eq!(
            whole_ticks(min, max, 5),
            Ticks {
                values,
                decimals: 0
            },
            "{min}..{max}"
        );
    }
    let svg = bar_chart(&chart(
        Unit::Count,
        &["A", "B"],
        &[("Beds", &[Some(0.0), Some(1.0)])],
    ));
    assert!(!svg.contains(">0.2<"), "{svg}");
    assert!(svg.contains(">1</text>"), "{svg}");
}

#[test]
fn a_bar_is_as_tall_as_its_value() {
    // Ticks 0 to 20; the plot runs from y = 48 to y = 344, 296 high.
    let svg = bar_chart(&chart(
        Unit::Number,
        &["A", "B"],
        &[("Beds", &[Some(10.0), Some(20.0)])],
    ));
    let heights = numbers(&svg, "<rect class=\"bar", "height");
    let ys = numbers(&svg, "<rect class=\"bar", "y");
    assert_eq!(heights, [148.0, 296.0]);
    assert_eq!(ys, [196.0, 48.0], "bars stand on zero at y = 344");
    // Bands are (624 − 72) / 2 = 276 wide; bars take the middle 80%.
    assert_eq!(numbers(&svg, "<rect class=\"bar", "x"), [99.6, 375.6]);
    assert_eq!(numbers(&svg, "<rect class=\"bar", "width"), [220.8, 220.8]);
    assert!(svg.contains("<title>Beds, B: 20</title>"));
}

#[test]
fn negative_bars_hang_from_zero() {
    // Ticks −10 to 20: zero sits two thirds of the way down, at 48 + 296 × 2 / 3.
    let svg = bar_chart(&chart(
        Unit::Number,
        &["A", "B"],
        &[("Gap", &[Some(-10.0), Some(20.0)])],
    ));
    assert_eq!(
        numbers(&svg, "<rect class=\"bar", "y"),
        [245.33, 48.0],
        "the negative bar starts at zero"
    );
    assert_eq!(
        numbers(&svg, "<rect class=\"bar", "height"),
        [98.67, 197.33]
    );
    assert!(
        svg.contains(r#"y1="245.33" y2="245.33"/>"#),
        "the axis is at zero"
    );
    assert!(svg.contains(">-10</text>"));
}

#[test]
fn grouped_and_stacked_bars_and_the_legend() {
    let c = chart(
        Unit::Number,
        &["A", "B"],
        &[
            ("Nursing", &[Some(10.0), Some(5.0)]),
            ("Residential", &[Some(10.0), None]),
        ],
    );
    let grouped = bar_chart(&c);
    assert_eq!(numbers(&grouped, "<rect class=\"bar s1", "x"), [210.0]);
    assert!(grouped.contains(r#"<g class="legend">"#));
    assert!(grouped.contains(">Nursing</text>") && grouped.contains(">Residential</text>"));
    // A legend row moves the plot down to y = 66; ticks 0 to 20 (the largest stack).
    let stacked = stacked_bar_chart(&c);
    assert_eq!(
        numbers(&stacked, "<rect class=\"bar", "y"),
        [205.0, 66.0, 274.5]
    );
    assert_eq!(
        numbers(&stacked, "<rect class=\"bar", "height"),
        [139.0, 139.0, 69.5]
    );
    assert!(stacked.contains("Total: highest A (20), lowest B (5)."));
    let single = bar_chart(&chart(Unit::Number, &["A"], &[("Beds", &[Some(1.0)])]));
    assert!(!single.contains("legend"), "one series needs no legend");
}

#[test]
fn lines_break_at_gaps_and_are_summarised_first_to_last() {
    let svg = line_chart(&chart(
        Unit::Percent,
        &["2 Nov", "9 Nov", "16 Nov", "23 Nov"],
        &[("Occupancy", &[Some(80.0), None, Some(90.0), Some(85.5)])],
    ));
    // Ticks 80 to 90 in 2s (296 px for 10 points); bands 138 wide, centres 141, 279, 417, 555.
    assert!(svg.contains(r#"d="M141 344M417 48L555 181.2""#), "{svg}");
    assert_eq!(numbers(&svg, "<circle", "cx"), [141.0, 417.0, 555.0]);
    assert!(svg.contains("Occupancy: 80% in 2 Nov to 85.5% in 23 Nov."));
    assert!(svg.contains(">Beds (%)</text>") && svg.contains(">90%</text>"));
}

#[test]
fn a_box_plot_places_its_quartiles() {
    let group = BoxGroup::of("Barnet", &[5.0, 1.0, f64::NAN, 3.0, 2.0, 4.0]).expect("values");
    assert_eq!((group.min, group.max), (1.0, 5.0));
    assert_eq!(
        (
            group.quartiles.lower,
            group.quartiles.median,
            group.quartiles.upper
        ),
        (2.0, 3.0, 4.0)
    );
    assert_eq!(BoxGroup::of("none", &[f64::NAN]), None);
    let svg = box_plot(&BoxPlot {
        labels: labels(Unit::Pounds),
        groups: vec![group],
    });
    // Ticks 1 to 5 over y 344 to 48: 74 per pound.
    assert_eq!(numbers(&svg, "<rect class=\"box", "y"), [122.0]);
    assert_eq!(numbers(&svg, "<rect class=\"box", "height"), [148.0]);
    assert_eq!(numbers(&svg, "<line class=\"median", "y1"), [196.0]);
    assert_eq!(
        numbers(&svg, "<line class=\"whisker", "y1"),
        [48.0, 344.0, 48.0]
    );
    assert_eq!(
        numbers(&svg, "<line class=\"whisker", "y2"),
        [344.0, 344.0, 48.0]
    );
    assert!(svg.contains("Barnet: median £3, middle half £2 to £4, range £1 to £5, 5 values."));
    assert!(svg.contains(">Beds (£)</text>"));
}

#[test]
fn every_chart_is_accessible_standalone_and_unstyled_inline() {
    let c = chart(
        Unit::Number,
        &["A", "B"],
        &[
            ("One", &[Some(1.0), Some(2.0)]),
            ("Two", &[Some(3.0), None]),
        ],
    );
    let plot = BoxPlot {
        labels: labels(Unit::Number),
        groups: BoxGroup::of("A", &[1.0, 2.0]).into_iter().collect(),
    };
    for svg in [
        bar_chart(&c),
        stacked_bar_chart(&c),
        line_chart(&c),
        box_plot(&plot),
    ] {
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400""#));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="t-title t-desc""#));
        assert!(svg.contains(r#"<title id="t-title">Title</title><desc id="t-desc">Described. "#));
        assert!(svg.contains(">Borough</text>") && svg.contains(">Beds</text>"));
        assert!(!svg.contains("style="), "no inline styles");
    }
    let empty = bar_chart(&chart(Unit::Number, &[], &[]));
    assert!(empty.contains("Described. No data.</desc>"));
    let ragged = chart(
        Unit::Number,
        &["A"],
        &[
            ("Long", &[Some(1.0), Some(9.0)]),
            ("Bad", &[Some(f64::NAN)]),
        ],
    );
    for svg in [
        bar_chart(&ragged),
        stacked_bar_chart(&ragged),
        line_chart(&ragged),
    ] {
        assert_eq!(
            svg.matches("<title>").count(),
            1,
            "values past the categories and NaNs are left out"
        );
        assert!(svg.contains("<title>Long, A: 1</title>") && !svg.contains("Bad, A"));
    }
}

#[test]
fn crowded_category_labels_are_thinned() {
    let names: Vec<String> = (1..=24).map(|i| format!("Week {i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let values: Vec<Option<f64>> = (0..24).map(|i| Some(f64::from(i))).collect();
    let svg = line_chart(&chart(Unit::Number, &refs, &[("S", &values)]));
    // 23 px per band and 7 × 7 + 4 = 53 px per label: every third label.
    assert!(svg.contains(">Week 01</text>") && svg.contains(">Week 04</text>"));
    assert!(!svg.contains(">Week 02</text>"));
}

#[test]
fn units_format_ticks_in_en_gb() {
    assert_eq!(Unit::Number.format(12_345.0, 0), "12,345");
    assert_eq!(Unit::Pounds.format(-1_200.0, 0), "-£1,200");
    assert_eq!(Unit::Percent.format(87.5, 1), "87.5%");
    assert_eq!(Unit::Number.format(-0.001, 1), "0.0");
}
